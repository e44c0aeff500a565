import { FILL_COSTS } from '@/contracts/fill-costs';
import type { OrderSide } from '@/db/schema';
import { money, roundTo, type Money } from './money';

/*
 * The fill model, in one place.
 *
 * - Price. A fill takes the latest tick price and moves it against the trader by SLIPPAGE_BPS (buys pay
 *   more, sells get less), rounded to the asset's price precision in the trader's disfavour. Market orders
 *   and triggered stops fill at that price. Limit orders (and triggered stop-limits) fill at that price too,
 *   but never worse than their limit: a buy fills at min(limit, slipped), a sell at max(limit, slipped).
 * - Liquidity. One order takes at most LIQUIDITY_NOTIONAL_PER_TICK worth of quantity from one tick; the rest
 *   waits for the next tick (status partially_filled), is canceled (ioc) or, for fok, nothing fills.
 * - Fee. FEE_BPS of the fill notional, rounded up to the cent, charged in cash on every fill.
 */
export const SLIPPAGE_BPS = FILL_COSTS.slippageBps;
export const FEE_BPS = FILL_COSTS.feeBps;
export const LIQUIDITY_NOTIONAL_PER_TICK = money(250_000);
const FEE_DP = FILL_COSTS.feeDecimals;

export function slippedPrice(side: OrderSide, marketPrice: Money, pricePrecision: number): Money {
  const factor = money(SLIPPAGE_BPS).div(10_000);
  return side === 'buy'
    ? roundTo(marketPrice.mul(factor.plus(1)), pricePrecision, 'up')
    : roundTo(marketPrice.mul(money(1).minus(factor)), pricePrecision, 'down');
}

export function limitFillPrice(side: OrderSide, slipped: Money, limit: Money): Money {
  return side === 'buy' ? (slipped.lessThan(limit) ? slipped : limit) : slipped.greaterThan(limit) ? slipped : limit;
}

export function feeFor(notional: Money): Money {
  return roundTo(notional.mul(FEE_BPS).div(10_000), FEE_DP, 'up');
}

/** Cash a buy of `qty` at `price` takes, fee included. */
export function buyCost(qty: Money, price: Money): Money {
  const notional = qty.mul(price);
  return notional.plus(feeFor(notional));
}

/** The most one order may take from one tick (at least one quantity step). */
export function liquidityQty(marketPrice: Money, qtyPrecision: number): Money {
  const step = money(1).div(money(10).pow(qtyPrecision));
  const qty = roundTo(LIQUIDITY_NOTIONAL_PER_TICK.div(marketPrice), qtyPrecision, 'down');
  return qty.lessThan(step) ? step : qty;
}
