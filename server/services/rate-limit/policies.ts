import type { RateLimitPolicy } from '@/server/infra/ratelimit/types';

const MINUTE = 60_000;

/**
 * What a policy does when its limit cannot be checked (the limiter's store is down): `refuse` — a 503
 * `RATE_LIMIT_UNAVAILABLE` with Retry-After, never a 429 — where an unlimited caller could do harm
 * (guessing passwords or codes, mass sign-ups, reset-mail floods); `allow` elsewhere, so an outage of the
 * limiter does not take the API down with it.
 */
export type WhenUnavailable = 'refuse' | 'allow';

/**
 * Every named rate-limit policy, in one place. Requests are keyed by user when signed in, else by client
 * IP. tRPC queries count against `read`, mutations against `write` unless a procedure names its policy.
 */
export const POLICIES = {
  /** Sign-in attempts per account (keyed by email); also password checks and `auth.token`. */
  'auth:login': { name: 'auth:login', limit: 10, windowMs: MINUTE, whenUnavailable: 'refuse' },
  /** Sign-in attempts per client IP, across accounts. */
  'auth:login-ip': { name: 'auth:login-ip', limit: 60, windowMs: MINUTE, whenUnavailable: 'refuse' },
  /**
   * Second-factor attempts per account (sign-in, enabling, disabling): six digits must not be guessable,
   * so few tries in a long window, counted per account whatever the IP.
   */
  'auth:otp': { name: 'auth:otp', limit: 10, windowMs: 15 * MINUTE, whenUnavailable: 'refuse' },
  /** Password-reset emails asked for, per address and per client IP. */
  'auth:reset': { name: 'auth:reset', limit: 5, windowMs: 60 * MINUTE, whenUnavailable: 'refuse' },
  'auth:register': { name: 'auth:register', limit: 20, windowMs: 60 * MINUTE, whenUnavailable: 'refuse' },
  read: { name: 'read', limit: 1200, windowMs: MINUTE, whenUnavailable: 'allow' },
  write: { name: 'write', limit: 600, windowMs: MINUTE, whenUnavailable: 'allow' },
  trade: { name: 'trade', limit: 600, windowMs: MINUTE, whenUnavailable: 'allow' },
  /** Live price stream connections opened per user (or per IP when anonymous); reconnects count too. */
  'stream:connect': { name: 'stream:connect', limit: 60, windowMs: MINUTE, whenUnavailable: 'allow' },
} as const satisfies Record<string, RateLimitPolicy & { whenUnavailable: WhenUnavailable }>;

export type PolicyName = keyof typeof POLICIES;
