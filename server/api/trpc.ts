/**
 * tRPC setup shared by both endpoints. Edge-safe: imports nothing Node-only (infra types are type-only).
 *
 * 1. Context   — what every procedure receives.
 * 2. Init      — superjson, an error formatter that puts field errors in one slot and hides internals.
 * 3. Procedures — public / protected / admin, with the one domain-error conversion.
 */
import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { ZodError } from 'zod';
import type { ApiKeyScope, Plan } from '@/contracts/enums';
import { ENTITLEMENTS, type Entitlements } from '@/contracts/plans';
import type { Identity } from '@/server/auth/credential';
import { AppError, codeFromTrpc, ERROR_CODES, errorDetails, toAppError } from '@/server/errors';
import type { Infra } from '@/server/infra/infra';
import { assertRateLimit } from '@/server/services/rate-limit/assert';
import { assertAdminTwoFactor } from '@/server/services/security/admin-policy';
import type { PolicyName } from '@/server/services/rate-limit/policies';
import type { PublicUser } from '@/server/services/users/public-user';
import { findNul } from '@/server/validation';

// 1. Context ------------------------------------------------------------------------------------------

export type SessionUser = PublicUser;

/** `user` and `session` (the credential behind it, see server/auth/credential.ts) are null when anonymous. */
export interface Context extends Pick<Infra, 'db' | 'cache' | 'bus' | 'ratelimit' | 'clock'>, Identity {
  requestId: string;
  runtime: 'nodejs' | 'edge';
  clientIp: string;
  /** The client's User-Agent, kept with the sessions it opens (absent for in-process callers). */
  userAgent?: string | null;
  /** Response headers a procedure may add to (cache control, rate-limit figures). */
  resHeaders: Headers;
}

/** Per-procedure settings. */
export interface Meta {
  /** The API-key scope needed; by default `admin` under admin.*, `read` for queries, `trade` for mutations. */
  scope?: ApiKeyScope;
  /** Refuse API keys outright (e.g. managing keys needs a signed-in person). */
  sessionOnly?: boolean;
  /** Rate-limit policy; by default `read` for queries and `write` for mutations; false for none. */
  rateLimit?: PolicyName | false;
}

// 2. Init -----------------------------------------------------------------------------------------------

const t = initTRPC.context<Context>().meta<Meta>().create({
  transformer: superjson,
  // Subscriptions (SSE) send a ping every 15 s so proxies keep idle streams open.
  sse: { ping: { enabled: true, intervalMs: 15_000 } },
  /**
   * Field errors live in one slot, `data.details.fieldErrors`, whether zod refused the input or a service
   * refused one field (REST sends the same object as `error.details`; components/forms/field-errors.ts reads it).
   */
  errorFormatter({ shape, error, ctx }) {
    const cause = error.cause;
    const domain = cause instanceof AppError ? cause : null;
    const internal = error.code === 'INTERNAL_SERVER_ERROR';
    const message = internal ? 'internal error' : cause instanceof ZodError ? 'Invalid input' : shape.message;
    return {
      code: shape.code,
      message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        appCode: domain?.code ?? codeFromTrpc(error.code),
        reason: domain?.reason ?? null,
        details: internal ? null : errorDetails(cause),
        requestId: ctx?.requestId ?? null,
      },
    };
  },
});

// 3. Procedures -----------------------------------------------------------------------------------------

/**
 * Converts an AppError thrown anywhere below — or a dependency failure, as 503 SERVICE_UNAVAILABLE (see
 * `toAppError`) — into the matching tRPC error (status and code). Anything else stays an internal error.
 */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = toAppError(result.error.cause);
    if (cause) throw trpcErrorOf(cause);
  }
  return result;
});

/** The tRPC error for a domain error (also used for errors met while building the context). */
export const trpcErrorOf = (cause: AppError) => new TRPCError({ code: ERROR_CODES[cause.code].trpc, message: cause.message, cause });

export const createTRPCRouter = t.router;
export const mergeRouters = t.mergeRouters;
export const createCallerFactory = t.createCallerFactory;

/** A plan scales the general policies (read, write, trade); sign-in and stream limits are the same for all. */
function planMultiplier(plan: Plan | undefined, policy: PolicyName): number {
  if (!plan || !(policy in ENTITLEMENTS[plan].rateLimitMultiplier)) return 1;
  return ENTITLEMENTS[plan].rateLimitMultiplier[policy as keyof Entitlements['rateLimitMultiplier']];
}

/** Counts the call against its policy, per user when signed in, else per IP; adds X-RateLimit-* headers. */
const rateLimited = t.middleware(async ({ ctx, type, meta, next }) => {
  const policy = meta?.rateLimit ?? (type === 'query' ? 'read' : type === 'mutation' ? 'write' : false);
  if (policy) {
    const identifier = ctx.user ? `user:${ctx.user.id}` : `ip:${ctx.clientIp}`;
    await assertRateLimit(ctx.ratelimit, policy, identifier, ctx.resHeaders, planMultiplier(ctx.user?.plan, policy));
  }
  return next();
});

/** Postgres text cannot hold a NUL character: refused here, for every procedure, naming the field. */
const noNulText = t.middleware(async ({ getRawInput, next }) => {
  const path = findNul(await getRawInput());
  if (path) {
    const field = path.length > 0 ? path.join('.') : 'input';
    throw new AppError('BAD_REQUEST', 'Invalid input', {
      reason: 'NUL_CHARACTER',
      details: { fieldErrors: { [field]: ['Text cannot contain a NUL character (\\u0000)'] } },
    });
  }
  return next();
});

export const publicProcedure = t.procedure.use(domainErrors).use(noNulText).use(rateLimited);

export const protectedProcedure = publicProcedure.use(({ ctx, type, path, meta, next }) => {
  if (!ctx.user || !ctx.session) throw new AppError('UNAUTHORIZED', 'Sign in to continue');
  const { scopes } = ctx.session;
  if (scopes) {
    if (meta?.sessionOnly) throw new AppError('FORBIDDEN', 'API keys cannot call this; sign in instead');
    const needed = meta?.scope ?? (path.startsWith('admin.') ? 'admin' : type === 'mutation' ? 'trade' : 'read');
    if (!scopes.includes(needed)) {
      throw new AppError('FORBIDDEN', `This API key lacks the "${needed}" scope`, { reason: 'SCOPE_MISSING' });
    }
  }
  return next({ ctx: { ...ctx, user: ctx.user, session: ctx.session } });
});

export const adminProcedure = protectedProcedure.use(async ({ ctx, next }) => {
  if (ctx.user.role !== 'admin') throw new AppError('FORBIDDEN', 'Admins only');
  await assertAdminTwoFactor(ctx, ctx.user.id);
  return next();
});
