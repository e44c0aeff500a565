import { forecastInput } from '@/contracts/forecast';
import { createTRPCRouter, publicProcedure } from '@/server/api/trpc';
import { setPublicCache } from '@/server/http/cache-control';
import { getForecast } from '@/server/services/forecast/get-forecast';

/**
 * Public forecasts. Edge-capable like `market`: the service reaches the database and cache only through
 * ctx. Not rate limited per IP for the same reason as market reads: CDN-cacheable and a cache hit warm.
 */
export const forecastRouter = createTRPCRouter({
  get: publicProcedure
    .meta({ rateLimit: false })
    .input(forecastInput)
    .query(async ({ ctx, input }) => {
      const forecast = await getForecast({ db: ctx.db, cache: ctx.cache, now: Date.now }, input);
      // Only an answer is shared-cacheable: a refusal (too little history yet) should not stick at the CDN.
      setPublicCache(ctx.resHeaders, { sMaxAge: 60, staleWhileRevalidate: 300 });
      return forecast;
    }),
});
