import { tokenGetInput, tokenListInput } from '@/contracts/tokens';
import { createTRPCRouter, publicProcedure } from '@/server/api/trpc';
import { setPublicCache } from '@/server/http/cache-control';
import { getToken, listTokens, sourceHealth } from '@/server/services/tokens/token-reader';

/**
 * Token aggregator reads. Public and edge-capable: they touch only the cache port (L2) behind a
 * per-instance L1, never an upstream — the refresh loop is the only caller of DexScreener, GeckoTerminal
 * and Jupiter. Shared caches may keep answers a few seconds (the data changes every refresh period).
 * Answers follow the output schemas in contracts/tokens.ts (documented in OpenAPI, checked in tests); they
 * are not re-validated per request, which would cost more than building the page.
 */
const tokensRead = publicProcedure.meta({ rateLimit: false });

export const tokensRouter = createTRPCRouter({
  list: tokensRead
    .input(tokenListInput)
    .query(({ ctx, input }) => {
      setPublicCache(ctx.resHeaders, { sMaxAge: 5, staleWhileRevalidate: 30 });
      return listTokens(ctx.cache, input);
    }),

  get: tokensRead
    .input(tokenGetInput)
    .query(({ ctx, input }) => {
      setPublicCache(ctx.resHeaders, { sMaxAge: 5, staleWhileRevalidate: 30 });
      return getToken(ctx.cache, input);
    }),

  /** Each source's breaker state, last success and error, and rate budget use. */
  sources: tokensRead.query(async ({ ctx }) => {
    setPublicCache(ctx.resHeaders, { sMaxAge: 5, staleWhileRevalidate: 30 });
    return { data: await sourceHealth(ctx.cache) };
  }),
});
