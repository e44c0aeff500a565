import { and, eq, sql } from 'drizzle-orm';
import { orders, paperAccounts, positions, type Order, type OrderStatus, type PaperAccount } from '@/db/schema';
import type { Db } from '@/server/infra/db/types';
import { oneRow } from './one-row';
import { money, str } from './money';

export interface CloseReason {
  status: Extract<OrderStatus, 'canceled' | 'rejected' | 'expired'>;
  reason: string;
  message: string;
}

/**
 * Ends an open order (cancel, ioc/fok remainder, expiry, funds gone at trigger time) and gives back what it
 * held: the buy reserve to buying power, the unfilled sell quantity to the position. The account row must
 * already be locked by the caller.
 */
export async function closeOrder(
  tx: Db,
  account: PaperAccount,
  order: Order,
  close: CloseReason,
): Promise<{ account: PaperAccount; order: Order }> {
  let updatedAccount = account;
  if (order.side === 'buy' && money(order.reservedCash).gt(0)) {
    updatedAccount = oneRow(await tx
      .update(paperAccounts)
      .set({ reservedCash: str(money(account.reservedCash).minus(order.reservedCash)) })
      .where(eq(paperAccounts.id, account.id))
      .returning());
  }
  if (order.side === 'sell') {
    const unfilled = str(money(order.qty).minus(order.filledQty));
    await tx
      .update(positions)
      .set({ reservedQty: sql`${positions.reservedQty} - ${unfilled}::numeric` })
      .where(and(eq(positions.accountId, account.id), eq(positions.symbol, order.symbol)));
  }
  const closed = oneRow(await tx
    .update(orders)
    .set({ status: close.status, reason: close.reason, reasonMessage: close.message, reservedCash: '0' })
    .where(eq(orders.id, order.id))
    .returning());
  return { account: updatedAccount!, order: closed! };
}
