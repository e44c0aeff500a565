import 'server-only';
import {
  fillPage,
  listFillsInput,
  listOrdersInput,
  orderIdInput,
  orderPage,
  orderSchema,
  placeOrderInput,
  positionPage,
} from '@/contracts/trading';
import { OPEN_ORDER_STATUSES } from '@/contracts/enums';
import { createTRPCRouter, protectedProcedure } from '@/server/api/trpc';
import { cancelOrder } from '@/server/services/trading/cancel-order';
import { getOrder, listFills, listOrders, listPositions } from '@/server/services/trading/order-queries';
import { placeOrder } from '@/server/services/trading/place-order';

/** Orders, fills and positions of the signed-in user's paper account. */
export const tradingRouter = createTRPCRouter({
  placeOrder: protectedProcedure
    .meta({ rateLimit: 'trade' })
    .input(placeOrderInput)
    .output(orderSchema)
    .mutation(({ ctx, input }) => placeOrder(ctx, ctx.user.id, input)),

  cancelOrder: protectedProcedure
    .meta({ rateLimit: 'trade' })
    .input(orderIdInput)
    .output(orderSchema)
    .mutation(({ ctx, input }) => cancelOrder(ctx, ctx.user.id, input.orderId)),

  order: protectedProcedure
    .input(orderIdInput)
    .output(orderSchema)
    .query(({ ctx, input }) => getOrder(ctx.db, ctx.user.id, input.orderId)),

  orders: protectedProcedure
    .input(listOrdersInput)
    .output(orderPage)
    .query(({ ctx, input }) =>
      listOrders(ctx.db, ctx.user.id, {
        ...input,
        status: input.open ? [...OPEN_ORDER_STATUSES] : input.status,
      }),
    ),

  fills: protectedProcedure
    .input(listFillsInput)
    .output(fillPage)
    .query(({ ctx, input }) => listFills(ctx.db, ctx.user.id, input)),

  positions: protectedProcedure
    .output(positionPage)
    .query(async ({ ctx }) => ({ data: await listPositions(ctx.db, ctx.cache, ctx.user.id), nextCursor: null })),
});
