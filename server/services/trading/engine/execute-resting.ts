import { and, eq } from 'drizzle-orm';
import { isOpenOrderStatus, orders, positions, type Order } from '@/db/schema';
import { inlineTransaction } from '@/server/infra/db/inline-transaction';
import type { PriceTick } from '@/server/services/market/price-tick';
import { announceOrderChanges, type AccountEvent } from '../account-events';
import { lockAccount } from '../accounts';
import { closeOrder } from '../close-order';
import type { TradingDeps } from '../deps';
import { cacheMarks } from '../marks';
import { matchOrder, type AssetPrecision } from '../match-order';
import { usdText } from '../money';
import { toFillView, toOrderView } from '../order-view';

/**
 * Gives one resting order its chance at a tick, in its own short transaction (account row locked, order
 * re-read, so a cancel or a fill that got there first wins). Publishes what changed. On PGlite it shares the
 * one connection with order placement, so it uses the same cheaper statements (`inlineTransaction`).
 */
export async function executeResting(
  deps: TradingDeps,
  ref: { orderId: string; accountId: string },
  asset: AssetPrecision,
  tick: PriceTick,
): Promise<void> {
  const now = deps.clock();
  const result = await inlineTransaction(deps.db, async (tx) => {
    const account = await lockAccount(tx, ref.accountId);
    const [order] = await tx
      .select()
      .from(orders)
      .where(and(eq(orders.id, ref.orderId), eq(orders.accountId, ref.accountId)));
    if (!order || !isOpenOrderStatus(order.status)) return null;
    if (order.expiresAt && order.expiresAt.getTime() <= now) {
      const closed = await closeOrder(tx, account, order, dayOrderExpired);
      return { before: order, order: closed.order, events: [] as AccountEvent[] };
    }
    const held = await tx.select().from(positions).where(eq(positions.accountId, ref.accountId));
    const matched = await matchOrder({ tx, account, order, asset, tick, now, marks: cacheMarks(deps.cache), positions: held });
    if (matched.kind === 'insufficient_funds') {
      const closed = await closeOrder(tx, matched.account, matched.order, {
        status: 'canceled',
        reason: 'INSUFFICIENT_FUNDS',
        message: `Canceled when it triggered: filling needed ${usdText(matched.needed)} but only ${usdText(matched.available)} was free.`,
      });
      return { before: order, order: closed.order, events: [] as AccountEvent[] };
    }
    const events: AccountEvent[] = matched.kind === 'filled' ? [{ type: 'fill', fill: toFillView(matched.fill) }] : [];
    return { before: order, order: matched.order, events };
  });
  if (!result || !changed(result.before, result.order)) return;
  const view = toOrderView(result.order);
  await announceOrderChanges(deps.bus, ref.accountId, [{ type: 'order', order: view }, ...result.events], [view]);
}

export const dayOrderExpired = {
  status: 'expired',
  reason: 'DAY_ORDER_EXPIRED',
  message: 'Day order expired at the end of the session (00:00 UTC).',
} as const;

function changed(a: Order, b: Order): boolean {
  return a.status !== b.status || a.filledQty !== b.filledQty || a.triggeredAt?.getTime() !== b.triggeredAt?.getTime();
}
