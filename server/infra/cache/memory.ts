import { LRUCache } from 'lru-cache';
import type { Clock } from '../clock';
import type { Cache } from './types';

/** In-process cache for the local profile: bounded LRU with per-entry TTL; values stored as JSON text. */
export function createMemoryCache(opts: { maxEntries?: number; clock?: Clock } = {}): Cache {
  const lru = new LRUCache<string, string>({
    max: opts.maxEntries ?? 50_000,
    ttlAutopurge: false,
    // An injected clock is read on every check: lru-cache's default caches "now" for a millisecond of real time.
    ...(opts.clock ? { perf: { now: opts.clock }, ttlResolution: 0 } : {}),
  });

  return {
    async get<T>(key: string) {
      const raw = lru.get(key);
      return raw === undefined ? null : (JSON.parse(raw) as T);
    },
    async getMany<T>(keys: readonly string[]) {
      return keys.map((key) => {
        const raw = lru.get(key);
        return raw === undefined ? null : (JSON.parse(raw) as T);
      });
    },
    async set(key, value, { ttlMs } = {}) {
      lru.set(key, JSON.stringify(value), { ttl: ttlMs ?? 0 });
    },
    async del(...keys) {
      for (const key of keys) lru.delete(key);
    },
    async delPrefix(prefix) {
      let n = 0;
      for (const key of [...lru.keys()]) {
        if (key.startsWith(prefix) && lru.delete(key)) n++;
      }
      return n;
    },
    async incr(key, { ttlMs } = {}) {
      const raw = lru.get(key);
      if (raw === undefined) {
        lru.set(key, '1', { ttl: ttlMs ?? 0 });
        return 1;
      }
      const next = Number(raw) + 1;
      // Keep the remaining TTL of the existing counter.
      lru.set(key, String(next), { ttl: lru.getRemainingTTL(key) === Infinity ? 0 : lru.getRemainingTTL(key) });
      return next;
    },
  };
}
