import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RateLimiter } from '@/server/infra/ratelimit/types';
import { sleep, type Elapse } from './elapse';

/** The rate-limit port's contract; `elapse` as in the cache contract. */
export function rateLimitContract(
  name: string,
  make: () => Promise<{ limiter: RateLimiter; close?: () => Promise<void>; elapse?: Elapse }>,
) {
  describe(`ratelimit contract: ${name}`, () => {
    let limiter: RateLimiter;
    let close: (() => Promise<void>) | undefined;
    let elapse: Elapse = sleep;
    const policy = (limit: number, windowMs: number) => ({ name: `contract-${crypto.randomUUID()}`, limit, windowMs });

    beforeAll(async () => {
      const made = await make();
      ({ limiter, close } = made);
      elapse = made.elapse ?? sleep;
    });
    afterAll(async () => close?.());

    it('allows up to the limit, then refuses with the remaining count and a reset time', async () => {
      const p = policy(5, 60_000);
      const results = [];
      for (let i = 0; i < 7; i++) results.push(await limiter.limit(p, 'user-1'));
      expect(results.map((r) => r.success)).toEqual([true, true, true, true, true, false, false]);
      expect(results[0]!.remaining).toBe(4);
      expect(results[4]!.remaining).toBe(0);
      expect(results[6]!.limit).toBe(5);
      expect(results[6]!.reset).toBeGreaterThan(Date.now());
    });

    it('keeps identifiers and policies apart', async () => {
      const p = policy(1, 60_000);
      expect((await limiter.limit(p, 'a')).success).toBe(true);
      expect((await limiter.limit(p, 'a')).success).toBe(false);
      expect((await limiter.limit(p, 'b')).success).toBe(true);
      expect((await limiter.limit(policy(1, 60_000), 'a')).success).toBe(true);
    });

    it('never lets more than the limit through under concurrency', async () => {
      const p = policy(10, 60_000);
      const results = await Promise.all(Array.from({ length: 40 }, () => limiter.limit(p, 'burst')));
      expect(results.filter((r) => r.success)).toHaveLength(10);
    });

    it('allows again once the window has passed', async () => {
      const p = policy(2, 300);
      await limiter.limit(p, 'w');
      await limiter.limit(p, 'w');
      expect((await limiter.limit(p, 'w')).success).toBe(false);
      await elapse(700);
      expect((await limiter.limit(p, 'w')).success).toBe(true);
    });
  });
}
