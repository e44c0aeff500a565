import type { z } from 'zod';
import type { createCaller } from '@/server/api/root';

export type Caller = ReturnType<typeof createCaller>;
export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface RestRequest {
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
  headers: Headers;
  /** The raw request, for operations that read their own body (uploads). */
  request: Request;
}

/**
 * One REST operation: a method + path onto a tRPC procedure, called through the same caller the tRPC
 * endpoint uses — one implementation, two doors. `input` and `output` are the procedure's own contract
 * objects (contracts/<domain>.ts): they document the operation in OpenAPI, coerce query strings, and type
 * `call`. The procedure still validates the input (and its answer) itself.
 */
export interface RestOperation<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  method: HttpMethod;
  /** OpenAPI-style path under /api/v1, e.g. `/tasks/{id}`; path parameters are input fields. */
  path: string;
  summary: string;
  tag: string;
  /** Anonymous callers allowed. */
  public?: boolean;
  /**
   * Opt-in, for public GETs whose answer is the same for every caller: a repeat from an anonymous caller
   * (no Authorization, no cookie) is answered from this process's copy of the bytes while the answer's own
   * `Cache-Control: public, s-maxage` (less its `Age`) lasts (`server/rest/response-cache.ts`). Lookups
   * count in the cache metrics under `family`. Answers without `public, s-maxage` are never stored.
   */
  publicCache?: { family: string };
  input?: I;
  /** How the request body is read: JSON (default for POST/PATCH), none, or by the operation itself. */
  body?: 'json' | 'none' | 'raw';
  /** Success status (200 by default). */
  status?: number;
  /** The success body. */
  output: O;
  /** Path parameters, query and JSON body merged, as the client sent them (the procedure parses them). */
  call(caller: Caller, input: z.input<I>, req: RestRequest): Promise<z.output<O>>;
}

/** Declares one operation, inferring `call`'s input and answer types from its contract objects. */
export function operation<I extends z.ZodType, O extends z.ZodType>(op: RestOperation<I, O>): RestOperation {
  return op;
}
