import { Decimal } from 'decimal.js';
import { FILL_COSTS } from '@/contracts/fill-costs';

/** The ledger's precision (server/services/trading/money.ts), so the estimate rounds where the server does. */
const Exact = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -60, toExpPos: 60 });
type Exact = InstanceType<typeof Exact>;

export interface EstimateInput {
  side: 'buy' | 'sell';
  type: 'market' | 'limit' | 'stop' | 'stop_limit';
  qty: string;
  limitPrice?: string;
  stopPrice?: string;
  /** The latest price (market orders need it). */
  lastPrice: string | null;
  pricePrecision: number;
  account: {
    buyingPower: string;
    limits: { maxOrderNotional: string; maxPositionNotional: string; dailyLossLimit: string };
  };
  /** The position in this symbol: its quantity and the part not held by open sell orders. */
  position: { qty: string; availableQty: string } | null;
}

export interface LimitCheck {
  name: string;
  limit: string;
  /** What this order would use of it. */
  used: string;
  ok: boolean;
}

export interface OrderEstimate {
  /** The price the server's risk check and cash reserve assume (docs/trading.md, "Fill model"). */
  price: string;
  notional: string;
  fee: string;
  /** What slippage costs against the quoted price (limit types: none beyond the limit). */
  slippage: string;
  /** Buys: cash taken, fee included. Sells: cash received, fee deducted. */
  total: string;
  buyingPowerAfter: string;
  limits: LimitCheck[];
}

function slipped(side: 'buy' | 'sell', price: Exact, precision: number): Exact {
  const factor = new Exact(FILL_COSTS.slippageBps).div(10_000);
  return side === 'buy'
    ? price.mul(factor.plus(1)).toDecimalPlaces(precision, Decimal.ROUND_CEIL)
    : price.mul(new Exact(1).minus(factor)).toDecimalPlaces(precision, Decimal.ROUND_FLOOR);
}

function fee(notional: Exact): Exact {
  return notional.mul(FILL_COSTS.feeBps).div(10_000).toDecimalPlaces(FILL_COSTS.feeDecimals, Decimal.ROUND_CEIL);
}

const positive = (v: string | undefined): Exact | null => {
  if (!v || !/^\d*\.?\d+$|^\d+\.$/.test(v.trim())) return null;
  const d = new Exact(v.trim());
  return d.greaterThan(0) ? d : null;
};

const cents = (v: Exact) => v.toFixed(2);

/**
 * What an order would cost before it is sent, by the server's fill model: the reference price (limit for
 * limit types; the stop or the latest price moved by slippage for stops and market orders), the fee on its
 * notional, and the account limits the server checks. Null until the ticket holds enough to price it.
 */
export function estimateOrder(input: EstimateInput): OrderEstimate | null {
  const qty = positive(input.qty);
  if (!qty) return null;
  const limitTyped = input.type === 'limit' || input.type === 'stop_limit';
  const quoted = limitTyped ? positive(input.limitPrice) : input.type === 'stop' ? positive(input.stopPrice) : positive(input.lastPrice ?? undefined);
  if (!quoted) return null;
  const price = limitTyped ? quoted : slipped(input.side, quoted, input.pricePrecision);
  const notional = qty.mul(price);
  const orderFee = fee(notional);
  const total = input.side === 'buy' ? notional.plus(orderFee) : notional.minus(orderFee);
  const buyingPower = new Exact(input.account.buyingPower);
  const { maxOrderNotional, maxPositionNotional } = input.account.limits;
  const limits: LimitCheck[] = [
    { name: 'Order value', limit: maxOrderNotional, used: cents(notional), ok: notional.lessThanOrEqualTo(maxOrderNotional) },
  ];
  if (input.side === 'buy') {
    const positionValue = new Exact(input.position?.qty ?? 0).plus(qty).mul(price);
    limits.push(
      { name: 'Position value', limit: maxPositionNotional, used: cents(positionValue), ok: positionValue.lessThanOrEqualTo(maxPositionNotional) },
      { name: 'Buying power', limit: buyingPower.toFixed(), used: cents(total), ok: total.lessThanOrEqualTo(buyingPower) },
    );
  } else {
    const available = input.position?.availableQty ?? '0';
    limits.push({ name: 'Quantity you can sell', limit: available, used: qty.toFixed(), ok: qty.lessThanOrEqualTo(available) });
  }
  return {
    price: price.toFixed(),
    notional: cents(notional),
    fee: orderFee.toFixed(2),
    slippage: cents(price.minus(quoted).abs().mul(qty)),
    total: cents(total),
    // A sell's proceeds count once it fills; a buy holds its total back from the moment it is placed.
    buyingPowerAfter: cents(input.side === 'buy' ? buyingPower.minus(total) : buyingPower.plus(total)),
    limits,
  };
}
