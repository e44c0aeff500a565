import type { Bus } from '@/server/infra/bus/types';
import type { FillView, OrderView } from './order-view';

/** Per-account topic: order updates and fills, for the owner's stream (and its resume buffer). */
export const accountTopic = (accountId: string) => `account:${accountId}`;

export type AccountEvent = { type: 'order'; order: OrderView } | { type: 'fill'; fill: FillView };

/**
 * Tells every engine (one per process) that an order opened, changed or closed, so it can keep its trigger
 * books in step with the database without rescanning it.
 */
export const ORDER_BOOK_TOPIC = 'trading.orders';

export interface OrderBookEvent {
  accountId: string;
  order: OrderView;
}

export const isOpenStatus = (status: OrderView['status']) => status === 'new' || status === 'partially_filled';

export async function publishAccountEvents(bus: Bus, accountId: string, events: AccountEvent[]): Promise<void> {
  for (const event of events) await bus.publish(accountTopic(accountId), event);
}
