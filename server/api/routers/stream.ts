import { z } from 'zod';
import { symbolSchema } from '@/contracts/common';
import { createTRPCRouter, publicProcedure } from '@/server/api/trpc';
import { isEventId } from '@/server/infra/bus/types';
import { getPriceHub } from '@/server/services/market/price-hub';
import { openPriceSubscription, streamIdentity } from '@/server/services/market/price-stream';

const pricesInput = z
  .object({
    symbols: z.array(symbolSchema).min(1).max(100).optional(),
    /** Set by httpSubscriptionLink on reconnect from the last tracked id. */
    lastEventId: z.string().refine(isEventId, 'Not an event id').nullish(),
  })
  .optional();

/** Live data over SSE. Edge-capable like `market`: the hub only needs the bus port from ctx. */
export const streamRouter = createTRPCRouter({
  prices: publicProcedure.input(pricesInput).subscription(({ ctx, input, signal }) =>
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
