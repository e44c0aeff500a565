import { isDependencyError, reportDependencyFailure } from '@/server/dependency-errors';
import { AppError, unavailable } from '@/server/errors';
import type { RateLimiter, RateLimitResult } from '@/server/infra/ratelimit/types';
import { POLICIES, type PolicyName } from './policies';

/** The standard rate-limit response headers for a result. */
export function rateLimitHeaders(result: RateLimitResult): Record<string, string> {
  return {
    'x-ratelimit-limit': String(result.limit),
    'x-ratelimit-remaining': String(result.remaining),
    'x-ratelimit-reset': String(Math.ceil(result.reset / 1000)),
  };
}

/**
 * Counts one request against a policy; throws RATE_LIMITED (with Retry-After) when over it. `headers`, when
 * given, receives the X-RateLimit-* figures either way. `multiplier` scales the policy's limit (a plan's
 * entitlement); the window and the counter stay the policy's own. When the limit cannot be checked the
 * policy's `whenUnavailable` decides: `allow` lets the request through (no X-RateLimit-* figures: there are
 * none), `refuse` throws 503 SERVICE_UNAVAILABLE, reason RATE_LIMIT_UNAVAILABLE, with Retry-After.
 */
export async function assertRateLimit(
  limiter: RateLimiter,
  policy: PolicyName,
  identifier: string,
  headers?: Headers,
  multiplier = 1,
): Promise<RateLimitResult> {
  const base = POLICIES[policy];
  const effective = multiplier === 1 ? base : { ...base, limit: Math.round(base.limit * multiplier) };
  let result: RateLimitResult;
  try {
    result = await limiter.limit(effective, identifier);
  } catch (error) {
    if (!isDependencyError(error)) throw error;
    if (base.whenUnavailable === 'refuse') {
      reportDependencyFailure('rate-limit', error);
      throw unavailable('rate-limit', { retryAfterSeconds: error.retryAfterSeconds, cause: error, details: { policy } });
    }
    return { success: true, limit: effective.limit, remaining: effective.limit, reset: Date.now() + effective.windowMs };
  }
  if (headers) for (const [k, v] of Object.entries(rateLimitHeaders(result))) headers.set(k, v);
  if (!result.success) {
    const retryAfterSeconds = Math.max(1, Math.ceil((result.reset - Date.now()) / 1000));
    throw new AppError('RATE_LIMITED', `Too many requests; try again in ${retryAfterSeconds} s`, {
      reason: 'RATE_LIMITED',
      retryAfterSeconds,
      details: { policy, limit: result.limit, remaining: 0, reset: result.reset },
    });
  }
  return result;
}

/** Sign-in throttling: per account and per client IP. */
export async function assertLoginAllowed(limiter: RateLimiter, email: string, ip: string): Promise<void> {
  await assertRateLimit(limiter, 'auth:login-ip', ip);
  await assertRateLimit(limiter, 'auth:login', email);
}
