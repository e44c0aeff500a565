import 'server-only';
import { createCaller } from '@/server/api/root';
import type { Context } from '@/server/api/trpc';
import { AppError } from '@/server/errors';
import { MAX_JSON_BODY_BYTES, readBodyWithin } from '@/server/http/body-limit';
import { requestIdFrom } from '@/server/http/request-id';
import { logger } from '@/server/logger';
import { sharedFreshnessMs } from '@/server/http/cache-control';
import { recordCacheLookup, recordRequest } from '@/server/observability/metrics';
import type { RestOperation } from './operation';
import { operations } from './operations';
import { coerceQuery } from './query';
import { restErrorResponse } from './errors';
import { responseCacheKey, type ResponseCache } from './response-cache';
import { createRestRouter } from './router';

const match = createRestRouter(operations);

async function readJson(req: Request, op: RestOperation): Promise<unknown> {
  const mode = op.body ?? (op.method === 'POST' || op.method === 'PATCH' ? 'json' : 'none');
  if (mode !== 'json') return undefined;
  const limited = await readBodyWithin(req, MAX_JSON_BODY_BYTES);
  if (!limited) throw new AppError('PAYLOAD_TOO_LARGE', `Request body is larger than ${MAX_JSON_BODY_BYTES} bytes`);
  const text = await limited.text();
  if (text.trim() === '') return {};
  if (!/^application\/(.+\+)?json\b/i.test(req.headers.get('content-type') ?? '')) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as JSON (Content-Type: application/json)');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new AppError('BAD_REQUEST', `Malformed JSON body: ${(error as Error).message}`);
  }
}

function json(body: unknown, status: number, headers: Headers): Response {
  headers.set('content-type', 'application/json');
  return new Response(status === 204 ? null : JSON.stringify(body), { status, headers });
}

/** The response-cache key of a request its operation lets be answered from there, else null. */
function publicCacheKey(req: Request, op: RestOperation, path: string): string | null {
  if (!op.publicCache || !op.public || req.method !== 'GET') return null;
  // A credential is checked (and its rate limit counted) on every request: those go the whole way.
  if (req.headers.has('authorization') || req.headers.has('cookie')) return null;
  return responseCacheKey(op.publicCache.family, path, new URL(req.url).searchParams);
}

/** Builds a procedure's context from the request headers (the Node endpoint's, or a test's on its own infra). */
export type RestContextFactory = (headers: Headers, resHeaders: Headers) => Promise<Context>;

/** Calls the operation's procedure and shapes its answer; a shareable answer is kept in `store` as sent. */
async function callOperation(
  req: Request,
  op: RestOperation,
  params: Record<string, string>,
  requestId: string,
  resHeaders: Headers,
  createContext: RestContextFactory,
  store: { cache: ResponseCache; key: string } | null,
): Promise<Response> {
  const body = await readJson(req, op);
  const query = coerceQuery(new URL(req.url).searchParams, op.input);
  const headers = new Headers(req.headers);
  headers.set('x-request-id', requestId);
  const caller = createCaller(await createContext(headers, resHeaders));
  const input = { ...(body && typeof body === 'object' && !Array.isArray(body) ? body : {}), ...query, ...params };
  if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body))) {
    throw new AppError('BAD_REQUEST', 'The JSON body must be an object');
  }
  const result = await op.call(caller, input, { params, query, body, headers, request: req });
  const status = op.status ?? 200;
  const freshForMs = store && status === 200 ? sharedFreshnessMs(resHeaders) : 0;
  if (freshForMs <= 0) return json(result, status, resHeaders);
  // The procedure's output check passed this answer: these bytes are what every repeat is sent.
  resHeaders.set('content-type', 'application/json');
  const bytes = new TextEncoder().encode(JSON.stringify(result));
  store!.cache.put(store!.key, { body: bytes, headers: resHeaders }, freshForMs);
  return new Response(bytes, { status, headers: resHeaders });
}

/**
 * REST /api/v1: match the operation, build the same context as tRPC, call the procedure, shape the answer.
 * With `responseCache`, an operation marked `publicCache` answers anonymous repeats from it (see there).
 */
export async function handleRest(
  req: Request,
  path: string,
  createContext: RestContextFactory,
  responseCache?: ResponseCache,
): Promise<Response> {
  const started = performance.now();
  const requestId = requestIdFrom(req.headers);
  const resHeaders = new Headers({ 'x-request-id': requestId, 'cache-control': 'no-store' });
  let route = 'unmatched';
  let response: Response;
  try {
    const found = match(req.method, path);
    if (found.kind === 'not-found') throw new AppError('NOT_FOUND', `No such endpoint: ${req.method} /api/v1${path}`);
    if (found.kind === 'method-not-allowed') {
      resHeaders.set('allow', found.allowed.join(', '));
      throw new AppError('METHOD_NOT_SUPPORTED', `Use ${found.allowed.join(' or ')} for /api/v1${path}`);
    }
    const { op, params } = found;
    route = op.path;
    const cacheKey = responseCache ? publicCacheKey(req, op, path) : null;
    const stored = cacheKey ? responseCache!.get(cacheKey) : null;
    if (cacheKey) recordCacheLookup(cacheKey, stored !== null);
    if (stored) {
      stored.headers.set('x-request-id', requestId);
      response = new Response(stored.body, { status: 200, headers: stored.headers });
    } else {
      const store = cacheKey ? { cache: responseCache!, key: cacheKey } : null;
      response = await callOperation(req, op, params, requestId, resHeaders, createContext, store);
    }
  } catch (error) {
    response = restErrorResponse(error, requestId, resHeaders);
    if (response.status === 500) logger.error({ err: error, requestId, route }, 'REST internal error');
  }
  recordRequest({ route: `/api/v1${route === 'unmatched' ? '/*' : route}`, method: req.method, status: response.status, seconds: (performance.now() - started) / 1000 });
  return response;
}
