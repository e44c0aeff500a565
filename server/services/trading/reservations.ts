import type { Order } from '@/db/schema';
import { buyCost, slippedPrice } from './fill-model';
import { money, type Money } from './money';

/**
 * Cash a buy order holds back for its unfilled quantity, so two open orders cannot both spend the same
 * dollars: limit and stop-limit orders at their limit; stops at the slipped stop price; market orders at
 * the slipped current price. A fill that turns out dearer than its reserve is still checked against free
 * cash when it happens.
 */
export function reserveFor(
  order: Pick<Order, 'type' | 'side' | 'limitPrice' | 'stopPrice'>,
  remainingQty: Money,
  marketPrice: Money | null,
  pricePrecision: number,
): Money {
  const price =
    order.type === 'limit' || order.type === 'stop_limit'
      ? money(order.limitPrice!)
      : order.type === 'stop'
        ? slippedPrice('buy', money(order.stopPrice!), pricePrecision)
        : slippedPrice('buy', marketPrice!, pricePrecision);
  return buyCost(remainingQty, price);
}
