import 'server-only';
import { OPEN_ORDER_STATUSES } from '@/db/schema';
import { createTRPCRouter, protectedProcedure } from '@/server/api/trpc';
import { cancelOrder } from '@/server/services/trading/cancel-order';
import { getOrder, listFills, listOrders, listPositions } from '@/server/services/trading/order-queries';
import { placeOrder } from '@/server/services/trading/place-order';
import { listFillsInput, listOrdersInput, orderIdInput } from './trading/order-lists.schema';
import { placeOrderInput } from './trading/place-order.schema';

/** Orders, fills and positions of the signed-in user's paper account. */
export const tradingRouter = createTRPCRouter({
  placeOrder: protectedProcedure
    .meta({ rateLimit: 'trade' })
    .input(placeOrderInput)
    .mutation(({ ctx, input }) => placeOrder(ctx, ctx.user.id, input)),

  cancelOrder: protectedProcedure
    .meta({ rateLimit: 'trade' })
    .input(orderIdInput)
    .mutation(({ ctx, input }) => cancelOrder(ctx, ctx.user.id, input.orderId)),

  order: protectedProcedure.input(orderIdInput).query(({ ctx, input }) => getOrder(ctx.db, ctx.user.id, input.orderId)),

  orders: protectedProcedure.input(listOrdersInput).query(({ ctx, input }) =>
    listOrders(ctx.db, ctx.user.id, {
      ...input,
      status: input.open ? [...OPEN_ORDER_STATUSES] : input.status,
    }),
  ),

  fills: protectedProcedure.input(listFillsInput).query(({ ctx, input }) => listFills(ctx.db, ctx.user.id, input)),

  positions: protectedProcedure.query(({ ctx }) => listPositions(ctx.db, ctx.cache, ctx.user.id)),
});
