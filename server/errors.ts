import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';
import { z, ZodError } from 'zod';
import { DEFAULT_RETRY_AFTER_S, dependencyFailureOf, reportDependencyFailure, type Dependency } from './dependency-errors';

/** Domain error codes, each with its HTTP status and tRPC code. The one place this mapping lives. */
export const ERROR_CODES = {
  BAD_REQUEST: { status: 400, trpc: 'BAD_REQUEST' },
  UNAUTHORIZED: { status: 401, trpc: 'UNAUTHORIZED' },
  FORBIDDEN: { status: 403, trpc: 'FORBIDDEN' },
  NOT_FOUND: { status: 404, trpc: 'NOT_FOUND' },
  METHOD_NOT_SUPPORTED: { status: 405, trpc: 'METHOD_NOT_SUPPORTED' },
  CONFLICT: { status: 409, trpc: 'CONFLICT' },
  PAYLOAD_TOO_LARGE: { status: 413, trpc: 'PAYLOAD_TOO_LARGE' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, trpc: 'UNSUPPORTED_MEDIA_TYPE' },
  // Trading rejections: the request was valid but the account or market cannot take it (`reason` says which).
  // Listed before UNPROCESSABLE so a bare tRPC UNPROCESSABLE_CONTENT maps back to UNPROCESSABLE.
  INSUFFICIENT_FUNDS: { status: 422, trpc: 'UNPROCESSABLE_CONTENT' },
  RISK_LIMIT: { status: 422, trpc: 'UNPROCESSABLE_CONTENT' },
  UNPROCESSABLE: { status: 422, trpc: 'UNPROCESSABLE_CONTENT' },
  RATE_LIMITED: { status: 429, trpc: 'TOO_MANY_REQUESTS' },
  INTERNAL: { status: 500, trpc: 'INTERNAL_SERVER_ERROR' },
  // A dependency (database, Redis) cannot answer now, or a limit cannot be checked: try again (Retry-After).
  SERVICE_UNAVAILABLE: { status: 503, trpc: 'SERVICE_UNAVAILABLE' },
} as const satisfies Record<string, { status: number; trpc: TRPC_ERROR_CODE_KEY }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The one domain error. `reason` is a finer, stable code for clients (e.g. `EMAIL_TAKEN`). */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly reason?: string;
  readonly details?: Record<string, unknown>;
  readonly retryAfterSeconds?: number;

  constructor(
    code: ErrorCode,
    message: string,
    opts: { reason?: string; details?: Record<string, unknown>; retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.reason = opts.reason;
    this.details = opts.details;
    this.retryAfterSeconds = opts.retryAfterSeconds;
  }
}

const TRPC_TO_CODE = Object.fromEntries(
  Object.entries(ERROR_CODES).map(([code, { trpc }]) => [trpc, code as ErrorCode]),
) as Partial<Record<TRPC_ERROR_CODE_KEY, ErrorCode>>;

/** Maps a tRPC code back to the domain code (for errors tRPC raises itself: parse errors, unknown paths). */
export function codeFromTrpc(trpc: TRPC_ERROR_CODE_KEY): ErrorCode {
  return TRPC_TO_CODE[trpc] ?? 'INTERNAL';
}

/** Field name → messages: the one place a refused field is named, in tRPC and REST errors alike. */
export type FieldErrors = Record<string, string[]>;

/**
 * The `details` of an error as both APIs send them (tRPC `data.details`, REST `error.details`): for invalid
 * input, zod's `{ fieldErrors, formErrors }`; for a domain error, its own details — which name a field in
 * `fieldErrors` when the refusal concerns one (an order quantity with too many decimals). Null otherwise.
 */
export function errorDetails(cause: unknown): Record<string, unknown> | null {
  if (cause instanceof ZodError) {
    const { fieldErrors, formErrors } = z.flattenError(cause);
    return { fieldErrors, formErrors };
  }
  if (cause instanceof AppError) return cause.details ?? null;
  return null;
}

const UNAVAILABLE_MESSAGES: Record<Dependency, string> = {
  database: 'The database is unavailable; try again shortly',
  cache: 'The cache is unavailable; try again shortly',
  bus: 'Live updates are unavailable; try again shortly',
  'rate-limit': 'Rate limits cannot be checked; try again shortly',
};

/** `database` → `DATABASE_UNAVAILABLE`, `rate-limit` → `RATE_LIMIT_UNAVAILABLE`: the reason a 503 carries. */
export const unavailableReason = (dependency: Dependency) => `${dependency.replace('-', '_').toUpperCase()}_UNAVAILABLE`;

/** The 503 a dependency failure is answered with: names the dependency, says when to try again, hides the rest. */
export function unavailable(
  dependency: Dependency,
  opts: { retryAfterSeconds: number; cause?: unknown; details?: Record<string, unknown> },
): AppError {
  return new AppError('SERVICE_UNAVAILABLE', UNAVAILABLE_MESSAGES[dependency], {
    reason: unavailableReason(dependency),
    details: { dependency, ...opts.details },
    retryAfterSeconds: opts.retryAfterSeconds,
    cause: opts.cause,
  });
}

/**
 * The 503 for a write whose COMMIT was sent but whose answer was lost (the connection died during or after
 * it): it may or may not have been applied, so neither "done" nor "not done" is honest. The client retries
 * with the same Idempotency-Key (clientOrderId), which answers with the order if it was placed.
 */
export function outcomeUnknown(cause: unknown): AppError {
  return new AppError(
    'SERVICE_UNAVAILABLE',
    'The database connection was lost while committing, so whether this was applied is unknown; retry with the same Idempotency-Key',
    { reason: 'OUTCOME_UNKNOWN', details: { dependency: 'database' }, retryAfterSeconds: DEFAULT_RETRY_AFTER_S, cause },
  );
}

/**
 * The first step of the one error conversion (tRPC and REST): the AppError a thrown value stands for —
 * itself, or a dependency failure (refused, reset, timed out, pool exhausted, a Postgres 08xxx/53xxx/57P0x,
 * an open circuit) as 503 SERVICE_UNAVAILABLE, counted and logged once per incident — or null: an internal
 * error, which stays a 500.
 */
export function toAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  // Another bundle's AppError (see dependency-errors.ts): the same error, as this bundle's class.
  if (error instanceof Error && error.name === 'AppError' && (error as AppError).code in ERROR_CODES) {
    const { code, reason, details, retryAfterSeconds } = error as AppError;
    return new AppError(code, error.message, { reason, details, retryAfterSeconds, cause: error });
  }
  const failure = dependencyFailureOf(error);
  if (!failure) return null;
  reportDependencyFailure(failure.dependency, error);
  return unavailable(failure.dependency, { retryAfterSeconds: failure.retryAfterSeconds, cause: error });
}
