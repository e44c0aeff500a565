import { TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { AppError, codeFromTrpc, ERROR_CODES, errorDetails, toAppError, type ErrorCode } from '@/server/errors';

export interface RestErrorBody {
  error: { code: ErrorCode; message: string; details?: Record<string, unknown> };
}

/**
 * The one REST error shape, from whatever was thrown: domain errors, tRPC errors (with their cause),
 * zod errors, dependency failures (503 naming the dependency, see `toAppError`). Anything else is a 500
 * that says only "internal error" and the request id.
 */
export function toRestError(error: unknown, requestId: string): { status: number; body: RestErrorBody; retryAfter?: number } {
  const thrown = error instanceof TRPCError ? (error.cause ?? error) : error;
  if (thrown instanceof ZodError) {
    return { status: 400, body: { error: { code: 'BAD_REQUEST', message: 'Invalid input', details: errorDetails(thrown)! } } };
  }
  const cause = toAppError(thrown);
  if (cause) {
    const details = { ...(cause.reason ? { reason: cause.reason } : {}), ...errorDetails(cause) };
    return {
      status: ERROR_CODES[cause.code].status,
      body: { error: { code: cause.code, message: cause.message, ...(Object.keys(details).length ? { details } : {}) } },
      retryAfter: cause.retryAfterSeconds,
    };
  }
  if (error instanceof TRPCError && error.code !== 'INTERNAL_SERVER_ERROR') {
    const code = codeFromTrpc(error.code);
    return { status: ERROR_CODES[code].status, body: { error: { code, message: error.message } } };
  }
  return { status: 500, body: { error: { code: 'INTERNAL', message: 'internal error', details: { requestId } } } };
}

export function restError(code: ErrorCode, message: string, details?: Record<string, unknown>): AppError {
  return new AppError(code, message, { details });
}

/** The status, headers (request id, no-store, Retry-After when the error carries one) and body of a REST error. */
export function restErrorParts(error: unknown, requestId: string): { status: number; headers: Record<string, string>; body: RestErrorBody } {
  const { status, body, retryAfter } = toRestError(error, requestId);
  const headers: Record<string, string> = { 'x-request-id': requestId, 'cache-control': 'no-store' };
  if (retryAfter) headers['retry-after'] = String(retryAfter);
  return { status, headers, body };
}

/** A REST error Response in the one shape. */
export function restErrorResponse(error: unknown, requestId: string, headers = new Headers()): Response {
  const parts = restErrorParts(error, requestId);
  for (const [name, value] of Object.entries(parts.headers)) headers.set(name, value);
  return Response.json(parts.body, { status: parts.status, headers });
}
