import type { Cache } from '@/server/infra/cache/types';
import { recordCacheLookup } from './metrics';

/** Wraps a cache so every lookup is counted as a hit or a miss in the metrics. */
export function countingCache(cache: Cache): Cache {
  return {
    ...cache,
    async get<T>(key: string, opts?: { orThrow?: boolean }) {
      const value = await cache.get<T>(key, opts);
      recordCacheLookup(key, value !== null);
      return value;
    },
  };
}
