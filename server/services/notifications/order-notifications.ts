import { eq } from 'drizzle-orm';
import { paperAccounts } from '@/db/schema';
import type { Bus } from '@/server/infra/bus/types';
import type { Db } from '@/server/infra/db/types';
import { ORDER_BOOK_TOPIC, type OrderBookEvent } from '@/server/services/trading/account-events';
import type { OrderView } from '@/server/services/trading/order-view';
import { createNotification } from './notifications';

const TOLD: Partial<Record<OrderView['status'], string>> = {
  filled: 'filled',
  partially_filled: 'partially filled',
  rejected: 'rejected',
  expired: 'expired',
};

/**
 * Turns the trading engine's fills, rejections and expiries into notifications. It listens to the order
 * changes every engine already hears (`ORDER_BOOK_TOPIC`), so trading code does not know it exists; the
 * dedupe key (order, status, filled quantity) makes a repeated event, or a second listener, write nothing.
 * Runs once per deployment (the worker, under the `order-notifications` lease).
 */
export async function startOrderNotifications(deps: { db: Db; bus: Bus }, onError: (error: unknown) => void) {
  const owners = new Map<string, string>();
  const ownerOf = async (accountId: string) => {
    let userId = owners.get(accountId);
    if (!userId) {
      const [account] = await deps.db.select({ userId: paperAccounts.userId }).from(paperAccounts).where(eq(paperAccounts.id, accountId));
      if (!account) return null;
      userId = account.userId;
      owners.set(accountId, userId);
    }
    return userId;
  };
  const unsubscribe = await deps.bus.subscribe<OrderBookEvent>(ORDER_BOOK_TOPIC, (event) => {
    const { accountId, order } = event.data;
    const told = TOLD[order.status];
    if (!told) return;
    void (async () => {
      const userId = await ownerOf(accountId);
      if (!userId) return;
      const price = order.avgFillPrice ? ` at ${order.avgFillPrice}` : '';
      await createNotification(deps, {
        userId,
        kind: 'order',
        title: `${order.side === 'buy' ? 'Buy' : 'Sell'} ${order.symbol} ${told}`,
        body:
          order.status === 'rejected' || order.status === 'expired'
            ? `${order.type} order for ${order.qty} ${order.symbol} ${told}${order.reasonMessage ? `: ${order.reasonMessage}` : ''}`
            : `${order.filledQty} of ${order.qty} ${order.symbol}${price}`,
        data: { orderId: order.id, symbol: order.symbol, status: order.status, filledQty: order.filledQty, avgFillPrice: order.avgFillPrice },
        dedupeKey: `order:${order.id}:${order.status}:${order.filledQty}`,
      });
    })().catch(onError);
  });
  return { stop: unsubscribe };
}
