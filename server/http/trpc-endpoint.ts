import type { AnyTRPCRouter } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { AppError } from '@/server/errors';
import type { Context } from '@/server/api/trpc';
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
 * One tRPC fetch endpoint (edge or Node): body size limit, Retry-After on rate limits, the runtime that
 * answered in `x-primetrade-runtime`, internal errors logged with their request id.
 */
export function createTrpcEndpoint(opts: EndpointOptions) {
  return async function handle(incoming: Request): Promise<Response> {
    const started = performance.now();
    const requestId = requestIdFrom(incoming.headers);
    const req = await readBodyWithin(incoming, MAX_JSON_BODY_BYTES);
    const response = req
      ? await fetchRequestHandler({
          endpoint: opts.endpoint,
          req,
          router: opts.router,
          createContext: ({ resHeaders }) => {
            const headers = new Headers(req.headers);
            headers.set('x-request-id', requestId);
            return opts.createContext(headers, resHeaders);
          },
          onError: ({ error, path }) => {
            if (error.code === 'INTERNAL_SERVER_ERROR') opts.onInternalError?.(error.cause ?? error, { path, requestId });
          },
          responseMeta: ({ errors }) => {
            const limited = errors.map((e) => e.cause).find((c) => c instanceof AppError && c.retryAfterSeconds);
            return limited instanceof AppError
              ? { headers: new Headers({ 'retry-after': String(limited.retryAfterSeconds) }) }
              : {};
          },
        })
      : payloadTooLarge(requestId);
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

/** A 413 in tRPC's own error envelope (superjson), so typed clients read it like any other error. */
function payloadTooLarge(requestId: string): Response {
  const message = `Request body is larger than ${MAX_JSON_BODY_BYTES} bytes`;
  const error = {
    json: {
      message,
      code: -32013,
      data: { code: 'PAYLOAD_TOO_LARGE', httpStatus: 413, appCode: 'PAYLOAD_TOO_LARGE', requestId },
    },
  };
  return Response.json({ error }, { status: 413 });
}
