import type { OrderSide, OrderType } from '@/db/schema';
import type { Money } from './money';
import type { Rejection } from './rejections';

export interface StopSideInput {
  side: OrderSide;
  type: OrderType;
  symbol: string;
  stopPrice: Money | null;
  /** The live price, or null when there is none (the order then rests and the check cannot be made). */
  live: Money | null;
  pricePrecision: number;
}

/**
 * A stop guards the side away from the market: a sell stop sits below it, a buy stop above it. One on the
 * wrong side would trigger the moment it is placed and trade as a market order at a price the trader did not
 * ask for, so it is refused, as brokers do. A limit order is the tool for selling higher or buying lower.
 */
export function checkStopSide(input: StopSideInput): Rejection | null {
  const { side, type, symbol, stopPrice, live, pricePrecision } = input;
  if ((type !== 'stop' && type !== 'stop_limit') || stopPrice === null || live === null) return null;
  const wrongSide = side === 'sell' ? stopPrice.greaterThanOrEqualTo(live) : stopPrice.lessThanOrEqualTo(live);
  if (!wrongSide) return null;
  const market = live.toFixed(pricePrecision);
  const kind = type === 'stop' ? 'stop' : 'stop-limit';
  const message =
    side === 'sell'
      ? `A sell ${kind} must be below the market price (${symbol} is ${market}); at or above it, it would sell at once. To sell higher, use a limit order.`
      : `A buy ${kind} must be above the market price (${symbol} is ${market}); at or below it, it would buy at once. To buy lower, use a limit order.`;
  return { reason: 'STOP_WRONG_SIDE', message, details: { field: 'stopPrice', marketPrice: market } };
}
