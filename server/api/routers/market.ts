import {
  assetPage,
  assetSchema,
  assetsInput,
  candlesInput,
  candlesSchema,
  dayStatsListSchema,
  haltStatusSchema,
  moversInput,
  moversSchema,
  snapshotInput,
  snapshotSchema,
  symbolInput,
} from '@/contracts/market';
import { createTRPCRouter, publicProcedure } from '@/server/api/trpc';
import { setPublicCache } from '@/server/http/cache-control';
import { getAsset, listAssets } from '@/server/services/market/asset-search';
import { cacheHitRatio, marketCacheStats } from '@/server/services/market/cache-stats';
import { getCandles } from '@/server/services/market/candle-query';
import { getDayStats } from '@/server/services/market/day-stats';
import { getTopMovers } from '@/server/services/market/movers';
import { getSnapshot } from '@/server/services/market/snapshot';
import { getHaltStatus } from '@/server/services/trading/halt-status';

/**
 * Public market reads. Edge-capable: services reach the database only through ctx (never through the
 * Node-only infra singleton). Each read says how long shared caches may keep it.
 */
// Public reads are CDN-cacheable (s-maxage) and cheap from the cache, so they are not rate limited per IP:
// a limit here would mostly refuse users behind one NAT or CDN edge.
const marketRead = publicProcedure.meta({ rateLimit: false });

export const marketRouter = createTRPCRouter({
  ping: marketRead.query(({ ctx }) => ({ ok: true as const, runtime: ctx.runtime, time: new Date() })),

  assets: marketRead.input(assetsInput).output(assetPage).query(({ ctx, input }) => {
    setPublicCache(ctx.resHeaders, { sMaxAge: 60, staleWhileRevalidate: 300 });
    return listAssets(ctx.db, input);
  }),

  asset: marketRead.input(symbolInput).output(assetSchema).query(({ ctx, input }) => {
    setPublicCache(ctx.resHeaders, { sMaxAge: 60, staleWhileRevalidate: 300 });
    return getAsset(ctx.db, input.symbol);
  }),

  snapshot: marketRead.input(snapshotInput).output(snapshotSchema).query(({ ctx, input }) => {
    setPublicCache(ctx.resHeaders, { sMaxAge: 1, staleWhileRevalidate: 5 });
    return getSnapshot(ctx, input?.symbols);
  }),

  candles: marketRead.input(candlesInput).output(candlesSchema).query(({ ctx, input }) => {
    setPublicCache(ctx.resHeaders, { sMaxAge: 5, staleWhileRevalidate: 30 });
    return getCandles(ctx.db, input);
  }),

  /** Whether trading in the symbol is halted (manual or circuit breaker), with the reason and end time. */
  halt: marketRead.input(symbolInput).output(haltStatusSchema).query(({ ctx, input }) => {
    setPublicCache(ctx.resHeaders, { sMaxAge: 5, staleWhileRevalidate: 10 });
    return getHaltStatus(ctx.db, input.symbol, ctx.clock());
  }),

  /** 24 h figures (last, change, high, low, volume) for every active asset, or for `symbols`. */
  stats: marketRead.input(snapshotInput).output(dayStatsListSchema).query(({ ctx, input }) => {
    setPublicCache(ctx.resHeaders, { sMaxAge: 10, staleWhileRevalidate: 60 });
    return getDayStats(ctx.db, ctx.clock(), input?.symbols);
  }),

  /** Largest 24 h moves up and down across the catalogue, from stored candles. */
  movers: marketRead.input(moversInput).output(moversSchema).query(({ ctx, input }) => {
    setPublicCache(ctx.resHeaders, { sMaxAge: 30, staleWhileRevalidate: 120 });
    return getTopMovers(ctx.db, ctx.clock(), input.limit);
  }),

  /** This process's market read-cache figures (no user data). */
  cacheStats: marketRead.query(() => ({ ...marketCacheStats, hitRatio: cacheHitRatio() })),
});
