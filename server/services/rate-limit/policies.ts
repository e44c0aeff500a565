import type { RateLimitPolicy } from '@/server/infra/ratelimit/types';

const MINUTE = 60_000;

/**
 * Every named rate-limit policy, in one place. Requests are keyed by user when signed in, else by client
 * IP. tRPC queries count against `read`, mutations against `write` unless a procedure names its policy.
 */
export const POLICIES = {
  /** Sign-in attempts per account (keyed by email). */
  'auth:login': { name: 'auth:login', limit: 10, windowMs: MINUTE },
  /** Sign-in attempts per client IP, across accounts. */
  'auth:login-ip': { name: 'auth:login-ip', limit: 60, windowMs: MINUTE },
  /**
   * Second-factor attempts per account (sign-in, enabling, disabling): six digits must not be guessable,
   * so few tries in a long window, counted per account whatever the IP.
   */
  'auth:otp': { name: 'auth:otp', limit: 10, windowMs: 15 * MINUTE },
  /** Password-reset emails asked for, per address and per client IP. */
  'auth:reset': { name: 'auth:reset', limit: 5, windowMs: 60 * MINUTE },
  'auth:register': { name: 'auth:register', limit: 20, windowMs: 60 * MINUTE },
  read: { name: 'read', limit: 1200, windowMs: MINUTE },
  write: { name: 'write', limit: 600, windowMs: MINUTE },
  trade: { name: 'trade', limit: 600, windowMs: MINUTE },
  /** Live price stream connections opened per user (or per IP when anonymous); reconnects count too. */
  'stream:connect': { name: 'stream:connect', limit: 60, windowMs: MINUTE },
} as const satisfies Record<string, RateLimitPolicy>;

export type PolicyName = keyof typeof POLICIES;
