import { and, eq } from 'drizzle-orm';
import { isOpenOrderStatus, orders } from '@/db/schema';
import { AppError } from '@/server/errors';
import { ensureAccount, lockAccount } from './accounts';
import { announceOrderChanges } from './account-events';
import { closeOrder } from './close-order';
import type { TradingDeps } from './deps';
import { toOrderView, type OrderView } from './order-view';

/**
 * Cancels one of the user's open orders. Someone else's order id answers NOT_FOUND exactly like an id that
 * does not exist, so ids leak nothing.
 */
export async function cancelOrder(deps: TradingDeps, userId: string, orderId: string): Promise<OrderView> {
  const account = await ensureAccount(deps.db, userId);
  const canceled = await deps.db.transaction(async (tx) => {
    const locked = await lockAccount(tx, account.id);
    const [order] = await tx
      .select()
      .from(orders)
      .where(and(eq(orders.id, orderId), eq(orders.accountId, account.id)));
    if (!order) throw new AppError('NOT_FOUND', 'Order not found');
    if (!isOpenOrderStatus(order.status)) {
      throw new AppError('CONFLICT', `This order is already ${order.status.replace('_', ' ')}`, {
        reason: 'ORDER_NOT_OPEN',
        details: { status: order.status },
      });
    }
    const closed = await closeOrder(tx, locked, order, {
      status: 'canceled',
      reason: 'CANCELED_BY_USER',
      message: 'Canceled at your request.',
    });
    return closed.order;
  });
  const view = toOrderView(canceled);
  await announceOrderChanges(deps.bus, account.id, [{ type: 'order', order: view }], [view]);
  return view;
}
