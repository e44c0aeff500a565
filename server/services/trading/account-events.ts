import type { Bus } from '@/server/infra/bus/types';
import { logger } from '@/server/logger';
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

/**
 * After a commit: the account's events to its owner's stream, then each changed order to the engines' books.
 * Best effort: the rows are committed and are the truth, so a bus that fails (Redis timing out) is logged,
 * not thrown — the caller still gets its answer, and engines re-read open orders on a timer
 * (`TradingEngine.resync`) to make up for a lost book message.
 */
export async function announceOrderChanges(bus: Bus, accountId: string, events: AccountEvent[], changed: OrderView[]): Promise<void> {
  const messages: [string, unknown][] = [
    ...events.map((event): [string, unknown] => [accountTopic(accountId), event]),
    ...changed.map((order): [string, unknown] => [ORDER_BOOK_TOPIC, { accountId, order } satisfies OrderBookEvent]),
  ];
  for (const [topic, data] of messages) {
    try {
      await bus.publish(topic, data);
    } catch (error) {
      logger.warn({ err: error, accountId, topic }, 'order change not published');
    }
  }
}
