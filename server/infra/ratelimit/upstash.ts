import { Ratelimit, type Duration } from '@upstash/ratelimit';
import type { Redis } from '@upstash/redis';
import { DependencyError, isDependencyError, tagDependency } from '@/server/dependency-errors';
import { consoleLog, type Log } from '../log';
import { warnThrottled } from '../upstash/client';
import type { RateLimiter, RateLimitPolicy, RateLimitResult } from './types';

/**
 * The rate-limit port on @upstash/ratelimit's sliding window, one limiter per policy. When Redis cannot
 * answer (in time, or at all while the client's circuit is open) it throws a DependencyError naming
 * `rate-limit`; the policy's failure mode decides what that means (server/services/rate-limit/assert.ts).
 */
export function createUpstashRateLimiter(redis: Redis, prefix = '', log: Log = consoleLog): RateLimiter {
  const limiters = new Map<string, Ratelimit>();

  const limiterFor = (policy: RateLimitPolicy) => {
    const id = `${policy.name}|${policy.limit}|${policy.windowMs}`;
    let limiter = limiters.get(id);
    if (!limiter) {
      limiter = new Ratelimit({
        redis,
        limiter: Ratelimit.slidingWindow(policy.limit, `${policy.windowMs} ms` as Duration),
        prefix: `${prefix}ratelimit:${policy.name}`,
        // The client's own timeout applies (and throws); Ratelimit's would always fail open.
        timeout: 0,
        // Its ephemeral block list grows with every blocked identifier and is never bounded.
        ephemeralCache: false,
        analytics: false,
      });
      limiters.set(id, limiter);
    }
    return limiter;
  };

  return {
    async limit(policy, identifier): Promise<RateLimitResult> {
      try {
        const { success, limit, remaining, reset } = await limiterFor(policy).limit(identifier);
        return { success, limit, remaining: Math.max(0, remaining), reset };
      } catch (error) {
        warnThrottled(`ratelimit ${policy.name}`, error, log);
        const tagged = tagDependency('rate-limit', error);
        // Whatever stopped the check (even an unexpected reply) means the limit is unknown, not exceeded.
        throw isDependencyError(tagged) ? tagged : new DependencyError('rate-limit', { cause: error });
      }
    },
  };
}
