import type { AnyTRPCRouter } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import { AppError, ERROR_CODES, toAppError } from '@/server/errors';
import { trpcErrorOf, type Context } from '@/server/api/trpc';
import { MAX_JSON_BODY_BYTES, readBodyWithin } from './body-limit';
import { requestIdFrom } from './request-id';

interface EndpointOptions {
  endpoint: string;
  router: AnyTRPCRouter;
  runtime: Context['runtime'];
  createContext: (headers: Headers, resHeaders: Headers) => Context | Promise<Context>;
  onInternalError?: (error: unknown, info: { path?: string; requestId: string }) => void;
  /** Called once per request with what metrics need. */
  onFinished?: (info: { path: string; method: string; status: number; seconds: number }) => void;
}

/**
 * One tRPC fetch endpoint (edge or Node): body size limit, Retry-After on rate limits and 503s, the runtime that
 * answered in `x-primetrade-runtime`, internal errors logged with their request id.
 */
export function createTrpcEndpoint(opts: EndpointOptions) {
  return async function handle(incoming: Request): Promise<Response> {
    const started = performance.now();
    const requestId = requestIdFrom(incoming.headers);
    const req = await readBodyWithin(incoming, MAX_JSON_BODY_BYTES).catch((error: unknown) => {
      if (error instanceof AppError) return error;
      throw error;
    });
    const tooLarge = () => new AppError('PAYLOAD_TOO_LARGE', `Request body is larger than ${MAX_JSON_BODY_BYTES} bytes`);
    const response =
      req instanceof AppError || req === null
        ? errorEnvelope(req ?? tooLarge(), requestId)
        : await fetchRequestHandler({
            endpoint: opts.endpoint,
            req,
            router: opts.router,
            createContext: async ({ resHeaders }) => {
              const headers = new Headers(req.headers);
              headers.set('x-request-id', requestId);
              try {
                return await opts.createContext(headers, resHeaders);
              } catch (error) {
                // Who is calling could not be checked (a session store down): the one conversion decides.
                const known = toAppError(error);
                throw known ? trpcErrorOf(known) : error;
              }
            },
            onError: ({ error, path }) => {
              if (error.code === 'INTERNAL_SERVER_ERROR') opts.onInternalError?.(error.cause ?? error, { path, requestId });
            },
            responseMeta: ({ ctx, errors }) => {
              // A plain record: tRPC sets (replaces) its entries, where a Headers object would be appended.
              const headers: Record<string, string> = {};
              const limited = errors.map((e) => e.cause).find((c) => c instanceof AppError && c.retryAfterSeconds);
              if (limited instanceof AppError) headers['retry-after'] = String(limited.retryAfterSeconds);
              // A batch can mix a public read (CDN-cacheable) with the caller's own orders: an answer built
              // for a signed-in caller is never stored, or the asset page would show open orders from before.
              if ((ctx as Context | undefined)?.user) headers['cache-control'] = 'private, no-store';
              return { headers };
            },
          });
    const headers = new Headers(response.headers);
    headers.set('x-request-id', requestId);
    headers.set('x-primetrade-runtime', opts.runtime);
    const path = new URL(incoming.url).pathname.slice(opts.endpoint.length + 1);
    opts.onFinished?.({
      path: response.status === 404 ? '*' : path,
      method: incoming.method,
      status: response.status,
      seconds: (performance.now() - started) / 1000,
    });
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };
}

/** An error met before tRPC reads the request (body too large or broken off), in tRPC's own envelope (superjson). */
function errorEnvelope(error: AppError, requestId: string): Response {
  const { status, trpc } = ERROR_CODES[error.code];
  const data = { code: trpc, httpStatus: status, appCode: error.code, reason: error.reason ?? null, requestId };
  return Response.json({ error: { json: { message: error.message, code: TRPC_ERROR_CODES_BY_KEY[trpc], data } } }, { status });
}
