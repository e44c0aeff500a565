import { priceStreamInput } from '@/contracts/market';
import { createTRPCRouter, publicProcedure } from '@/server/api/trpc';
import { getPriceHub } from '@/server/services/market/price-hub';
import { openPriceSubscription, streamIdentity } from '@/server/services/market/price-stream';

/** Live data over SSE. Edge-capable like `market`: the hub only needs the bus port from ctx. */
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
});
