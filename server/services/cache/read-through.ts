import type { Cache } from '@/server/infra/cache/types';

const inflight = new Map<string, Promise<unknown>>();

/**
 * The value cached under `key`, or `load()`'s result stored there for `ttlMs`. Concurrent misses for one key
 * in this process share one `load()` (single flight), so a burst of readers costs one computation. The
 * cache is JSON: a value comes back as JSON would bring it back. A cache that cannot answer reads as a miss.
 */
export async function readThrough<T>(cache: Cache, key: string, ttlMs: number, load: () => Promise<T>): Promise<T> {
  const cached = await cache.get<T>(key);
  if (cached !== null) return cached;
  const running = inflight.get(key);
  if (running) return running as Promise<T>;
  const loading = (async () => {
    try {
      const value = await load();
      await cache.set(key, value, { ttlMs });
      return value;
    } finally {
      inflight.delete(key);
    }
  })();
  inflight.set(key, loading);
  return loading;
}
