import type { CacheStats } from '@/server/infra/cache/types';

const g = globalThis as typeof globalThis & { __primetradeMarketCacheStats?: CacheStats };

/**
 * Hits and misses of the market read cache, per process. On globalThis because Next.js bundles each
 * route separately and every bundle must count into the same figures.
 */
export const marketCacheStats: CacheStats = (g.__primetradeMarketCacheStats ??= { hits: 0, misses: 0 });

export function cacheHitRatio(stats: CacheStats = marketCacheStats): number | null {
  const total = stats.hits + stats.misses;
  return total === 0 ? null : stats.hits / total;
}
