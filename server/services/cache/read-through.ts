import type { Cache, CacheStats } from '@/server/infra/cache/types';

const inflight = new Map<string, Promise<unknown>>();

export interface ReadThroughOptions<T> {
  /** Whether a loaded value is stored. Default: any but null (a stored null would read as a miss anyway). */
  keep?: (value: T) => boolean;
  /** Counted into: a hit when the value came from the cache or a load already under way, a miss when loaded. */
  stats?: CacheStats;
}

/**
 * The value cached under `key`, or `load()`'s result stored there for `ttlMs`. Concurrent misses for one key
 * in this process share one `load()` (single flight), so a burst of readers costs one computation. The
 * cache is JSON: a value comes back as JSON would bring it back. A cache that cannot answer reads as a miss.
 */
export async function readThrough<T>(
  cache: Cache,
  key: string,
  ttlMs: number,
  load: () => Promise<T>,
  { keep = (value) => value !== null, stats }: ReadThroughOptions<T> = {},
): Promise<T> {
  const cached = await cache.get<T>(key);
  const running = cached === null ? inflight.get(key) : undefined;
  if (cached !== null || running) {
    if (stats) stats.hits++;
    return cached ?? (running as Promise<T>);
  }
  if (stats) stats.misses++;
  const loading = (async () => {
    try {
      const value = await load();
      if (keep(value)) await cache.set(key, value, { ttlMs });
      return value;
    } finally {
      inflight.delete(key);
    }
  })();
  inflight.set(key, loading);
  return loading;
}
