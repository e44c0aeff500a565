import { priceStreamInput } from '@/contracts/market';
import { tokenStreamInput } from '@/contracts/tokens';
import { createTRPCRouter, publicProcedure } from '@/server/api/trpc';
import { streamIdentity } from '@/server/services/live/live-doors';
import { getPriceHub } from '@/server/services/market/price-hub';
import { openPriceSubscription } from '@/server/services/market/price-stream';
import { getTokenHub, openTokenSubscription } from '@/server/services/tokens/token-stream';

/** Live data over SSE. Edge-capable like `market`: the hubs only need the bus and cache ports from ctx. */
export const streamRouter = createTRPCRouter({
  prices: publicProcedure.input(priceStreamInput.optional()).subscription(({ ctx, input, signal }) =>
    openPriceSubscription(
      getPriceHub(ctx.bus),
      {
        db: ctx.db,
        cache: ctx.cache,
        ratelimit: ctx.ratelimit,
        identity: streamIdentity(ctx.user, ctx.clientIp),
        symbols: input?.symbols,
        lastEventId: input?.lastEventId,
      },
      signal,
    ),
  ),

  /** The token aggregator's changed tokens per refresh cycle (after a snapshot), like GET /api/v1/stream/tokens. */
  tokens: publicProcedure.input(tokenStreamInput.optional()).subscription(({ ctx, input, signal }) =>
    openTokenSubscription(
      getTokenHub(ctx.bus),
      { cache: ctx.cache, ratelimit: ctx.ratelimit, identity: streamIdentity(ctx.user, ctx.clientIp), lastEventId: input?.lastEventId },
      signal,
    ),
  ),
});
