import { Ratelimit, type Duration } from '@upstash/ratelimit';
import type { Redis } from '@upstash/redis';
import { consoleLog, type Log } from '../log';
import { warnThrottled } from '../upstash/client';
import type { RateLimiter, RateLimitPolicy, RateLimitResult } from './types';

/**
 * The rate-limit port on @upstash/ratelimit's sliding window, one limiter per policy. When Redis cannot
 * answer in time, sign-in policies (`auth:*`) fail closed — refusing is the safe side for password
 * guessing — and every other policy fails open, so a Redis outage does not take the API down.
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
        const failClosed = policy.name.startsWith('auth:');
        return {
          success: !failClosed,
          limit: policy.limit,
          remaining: failClosed ? 0 : policy.limit,
          reset: Date.now() + policy.windowMs,
        };
      }
    },
  };
}
