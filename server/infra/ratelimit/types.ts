export interface RateLimitPolicy {
  /** Stable name, part of the storage key (`auth:login`, `read`, …). */
  name: string;
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
}

export interface RateLimitResult {
  success: boolean;
  limit: number;
  remaining: number;
  /** Epoch ms when the caller may try again with a full allowance in view. */
  reset: number;
}

/**
 * The rate-limit port: a sliding window per (policy, identifier). When the count cannot be kept (Redis
 * down) `limit` throws a DependencyError naming `rate-limit`; it never answers "over the limit" for that.
 */
export interface RateLimiter {
  limit(policy: RateLimitPolicy, identifier: string): Promise<RateLimitResult>;
}
