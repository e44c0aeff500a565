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
 * endpoint uses — one implementation, two doors. `input` documents the operation in OpenAPI and coerces
 * query strings; the procedure still validates its own input.
 */
export interface RestOperation {
  method: HttpMethod;
  /** OpenAPI-style path under /api/v1, e.g. `/tasks/{id}`. */
  path: string;
  summary: string;
  tag: string;
  /** Anonymous callers allowed. */
  public?: boolean;
  input?: z.ZodType;
  /** How the request body is read: JSON (default for POST/PATCH), none, or by the operation itself. */
  body?: 'json' | 'none' | 'raw';
  /** Success status (200 by default). */
  status?: number;
  /** Documented success body. */
  output?: z.ZodType;
  call: (caller: Caller, input: Record<string, unknown>, req: RestRequest) => Promise<unknown>;
}

export function defineOperations(ops: RestOperation[]): RestOperation[] {
  return ops;
}
