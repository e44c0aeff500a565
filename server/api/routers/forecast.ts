import { forecastInput, forecastOutput } from '@/contracts/forecast';
import { createTRPCRouter, publicProcedure } from '@/server/api/trpc';
import { setPublicCache } from '@/server/http/cache-control';
import { FORECAST_TTL_MS, getForecastEntry } from '@/server/services/forecast/get-forecast';

/**
 * Public forecasts. Edge-capable like `market`: the service reaches the database and cache only through
 * ctx. Not rate limited per IP for the same reason as market reads: CDN-cacheable and a cache hit warm.
 */
export const forecastRouter = createTRPCRouter({
  get: publicProcedure
    .meta({ rateLimit: false })
    .input(forecastInput)
    .output(forecastOutput)
    .query(async ({ ctx, input }) => {
      const now = Date.now;
      const { forecast, storedAt } = await getForecastEntry({ db: ctx.db, cache: ctx.cache, now }, input);
      // Only an answer is shared-cacheable: a refusal (too little history yet) should not stick at the CDN.
      // Age: a cached answer is already that old, so no cache downstream keeps it past the minute it was promised.
      setPublicCache(ctx.resHeaders, { sMaxAge: FORECAST_TTL_MS / 1000, staleWhileRevalidate: 300, ageSeconds: (now() - storedAt) / 1000 });
      return forecast;
    }),
});
