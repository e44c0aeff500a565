import { Money } from '@/server/services/trading/money';

/**
 * The execution model of PRODUCT.md §6, shared by backtests and live bots: an order caused by the close of
 * bar t fills at the open of bar t+1; buys pay open × (1 + slippageBps/10⁴), sells get open × (1 −
 * slippageBps/10⁴); the fee is feeBps/10⁴ × notional, paid from cash. All exact (no rounding but the
 * quantity's, which is floored to the asset's precision so cash never goes negative).
 */
export interface FillCosts {
  feeBps: number;
  slippageBps: number;
  qtyPrecision: number;
}

export interface Fill {
  side: 'buy' | 'sell';
  qty: Money;
  price: Money;
  notional: Money;
  fee: Money;
}

const BPS = new Money(10_000);

export function buyPrice(open: Money, c: FillCosts): Money {
  return open.mul(new Money(c.slippageBps).div(BPS).plus(1));
}

export function sellPrice(open: Money, c: FillCosts): Money {
  return open.mul(new Money(1).minus(new Money(c.slippageBps).div(BPS)));
}

export function feeOf(notional: Money, c: FillCosts): Money {
  return notional.mul(c.feeBps).div(BPS);
}

/**
 * A buy spending at most `budget` (fee included): qty = budget / (price × (1 + feeBps/10⁴)) floored to
 * qtyPrecision. Null when that floors to zero (too little cash for one quantity step).
 */
export function buyWithin(budget: Money, open: Money, c: FillCosts): Fill | null {
  const price = buyPrice(open, c);
  const qty = budget.div(price.mul(new Money(c.feeBps).div(BPS).plus(1))).toDecimalPlaces(c.qtyPrecision, Money.ROUND_DOWN);
  if (qty.lessThanOrEqualTo(0)) return null;
  const notional = qty.mul(price);
  return { side: 'buy', qty, price, notional, fee: feeOf(notional, c) };
}

export function sellAll(qty: Money, open: Money, c: FillCosts): Fill {
  const price = sellPrice(open, c);
  const notional = qty.mul(price);
  return { side: 'sell', qty, price, notional, fee: feeOf(notional, c) };
}
