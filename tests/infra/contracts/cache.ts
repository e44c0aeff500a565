import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cache } from '@/server/infra/cache/types';
import { sleep, type Elapse } from './elapse';

/**
 * The cache port's contract: every adapter (in-process, Upstash) must pass it. `elapse` moves the adapter's
 * time: an injected clock for the in-process one, a real wait for Redis (its TTLs run on the server).
 */
export function cacheContract(name: string, make: () => Promise<{ cache: Cache; close?: () => Promise<void>; elapse?: Elapse }>) {
  describe(`cache contract: ${name}`, () => {
    let cache: Cache;
    let close: (() => Promise<void>) | undefined;
    let elapse: Elapse = sleep;
    const key = (k: string) => `contract:${crypto.randomUUID()}:${k}`;

    beforeAll(async () => {
      const made = await make();
      ({ cache, close } = made);
      elapse = made.elapse ?? sleep;
    });
    afterAll(async () => close?.());

    it('returns null for a missing key and the stored JSON value for a present one', async () => {
      const k = key('a');
      expect(await cache.get(k)).toBeNull();
      await cache.set(k, { n: 1, s: 'x', list: [1, 2], nested: { ok: true } });
      expect(await cache.get(k)).toEqual({ n: 1, s: 'x', list: [1, 2], nested: { ok: true } });
    });

    it('stores values as JSON: a Date comes back as its ISO string, mutation after set does not leak in', async () => {
      const k = key('json');
      const value = { at: new Date('2026-01-02T03:04:05.000Z'), list: [1] };
      await cache.set(k, value);
      value.list.push(2);
      expect(await cache.get(k)).toEqual({ at: '2026-01-02T03:04:05.000Z', list: [1] });
    });

    it('reads several keys at once, in key order, null where missing', async () => {
      const [a, b, gone] = [key('m1'), key('m2'), key('m3')];
      await cache.set(a, { n: 1 });
      await cache.set(b, 'two');
      expect(await cache.getMany([b, gone, a])).toEqual(['two', null, { n: 1 }]);
      expect(await cache.getMany([])).toEqual([]);
    });

    it('expires entries after their TTL', async () => {
      const k = key('ttl');
      await cache.set(k, 'soon gone', { ttlMs: 150 });
      expect(await cache.get(k)).toBe('soon gone');
      await elapse(400);
      expect(await cache.get(k)).toBeNull();
    });

    it('deletes keys, and keys by prefix without touching others', async () => {
      const prefix = key('p');
      await cache.set(`${prefix}:1`, 1);
      await cache.set(`${prefix}:2`, 2);
      const other = key('other');
      await cache.set(other, 3);
      expect(await cache.delPrefix(`${prefix}:`)).toBe(2);
      expect(await cache.get(`${prefix}:1`)).toBeNull();
      expect(await cache.get(other)).toBe(3);
      await cache.del(other);
      expect(await cache.get(other)).toBeNull();
    });

    it('counts atomically under concurrency', async () => {
      const k = key('counter');
      const results = await Promise.all(Array.from({ length: 50 }, () => cache.incr(k, { ttlMs: 10_000 })));
      expect(new Set(results).size).toBe(50);
      expect(Math.max(...results)).toBe(50);
    });

    it('keeps a counter’s TTL from its creation', async () => {
      const k = key('counter-ttl');
      await cache.incr(k, { ttlMs: 200 });
      await cache.incr(k, { ttlMs: 200 });
      await elapse(450);
      expect(await cache.incr(k, { ttlMs: 200 })).toBe(1);
    });
  });
}
