import { and, eq, inArray, lte } from 'drizzle-orm';
import { isOpenOrderStatus, OPEN_ORDER_STATUSES, orders } from '@/db/schema';
import { announceOrderChanges } from '../account-events';
import { lockAccount } from '../accounts';
import { closeOrder } from '../close-order';
import type { TradingDeps } from '../deps';
import { toOrderView } from '../order-view';
import { dayOrderExpired } from './execute-resting';

/** Expires every open day order whose session has ended (the partial index on status, expires_at serves this). */
export async function expireDayOrders(deps: TradingDeps): Promise<number> {
  const now = deps.clock();
  const due = await deps.db
    .select({ id: orders.id, accountId: orders.accountId })
    .from(orders)
    .where(and(inArray(orders.status, OPEN_ORDER_STATUSES), lte(orders.expiresAt, new Date(now))));
  let expired = 0;
  for (const ref of due) {
    const closed = await deps.db.transaction(async (tx) => {
      const account = await lockAccount(tx, ref.accountId);
      const [order] = await tx.select().from(orders).where(eq(orders.id, ref.id));
      if (!order || !isOpenOrderStatus(order.status)) return null;
      return (await closeOrder(tx, account, order, dayOrderExpired)).order;
    });
    if (!closed) continue;
    expired++;
    const view = toOrderView(closed);
    await announceOrderChanges(deps.bus, ref.accountId, [{ type: 'order', order: view }], [view]);
  }
  return expired;
}
