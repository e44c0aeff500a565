import { eq } from 'drizzle-orm';
import { orders, type Fill, type Order, type PaperAccount, type Position } from '@/db/schema';
import type { Db } from '@/server/infra/db/types';
import type { PriceTick } from '@/server/services/market/price-tick';
import { buyCost, feeFor, limitFillPrice, liquidityQty, slippedPrice } from './fill-model';
import { oneRow } from './one-row';
import { money, roundTo, str, ZERO, type Money } from './money';
import { reserveFor } from './reservations';
import { bookFill } from './book-fill';
import type { MarkLookup } from './snapshots';

export interface AssetPrecision {
  pricePrecision: number;
  qtyPrecision: number;
}

export interface MatchInput {
  tx: Db;
  /** Locked by the caller (`lockAccount`) for the whole transaction. */
  account: PaperAccount;
  order: Order;
  asset: AssetPrecision;
  tick: PriceTick;
  now: number;
  /** Marks for the equity snapshot taken after a fill. */
  marks: MarkLookup;
  /** Fill-or-kill: trade the whole remaining quantity on this tick or nothing. */
  allOrNothing?: boolean;
  /** Every position of the account, read under the same lock (the snapshot values all of them). */
  positions: Position[];
  /**
   * The order is not in the database yet and holds no reservation (a market order being placed): it is
   * inserted in its filled state by the same statement that books the fill.
   */
  newOrder?: boolean;
}

export type MatchResult =
  | { kind: 'filled'; account: PaperAccount; order: Order; fill: Fill }
  /** Nothing traded; the order may still have changed (a stop that triggered). */
  | { kind: 'idle'; account: PaperAccount; order: Order }
  /** The fill would need more cash than the account has free; the caller decides what that means. */
  | { kind: 'insufficient_funds'; account: PaperAccount; order: Order; needed: Money; available: Money };

const isStop = (o: Order) => o.type === 'stop' || o.type === 'stop_limit';

/** Does `price` trigger this stop? Buy stops trigger at or above, sell stops at or below. */
export function stopTriggers(order: Pick<Order, 'side' | 'stopPrice'>, price: Money): boolean {
  const stop = money(order.stopPrice!);
  return order.side === 'buy' ? price.greaterThanOrEqualTo(stop) : price.lessThanOrEqualTo(stop);
}

/** Does `price` reach this limit? */
export function limitCrosses(order: Pick<Order, 'side' | 'limitPrice'>, price: Money): boolean {
  const limit = money(order.limitPrice!);
  return order.side === 'buy' ? price.lessThanOrEqualTo(limit) : price.greaterThanOrEqualTo(limit);
}

/**
 * Tries to fill an open order against one tick and books the result: fill, cash movements, position,
 * account totals, reservations and an equity snapshot, all computed here and written by one statement.
 * At most one fill per order per tick.
 */
export async function matchOrder(input: MatchInput): Promise<MatchResult> {
  const { tx, asset, tick, now, account } = input;
  let { order } = input;
  const remaining = money(order.qty).minus(order.filledQty);
  if (remaining.lte(0)) return { kind: 'idle', account, order };
  if (order.lastFillTickTs !== null && tick.ts <= order.lastFillTickTs) return { kind: 'idle', account, order };

  const price = money(tick.price);
  let triggeredAt = order.triggeredAt;
  if (isStop(order) && !triggeredAt) {
    if (!stopTriggers(order, price)) return { kind: 'idle', account, order };
    triggeredAt = new Date(now);
  }
  const slipped = slippedPrice(order.side, price, asset.pricePrecision);
  const actsAsLimit = order.type === 'limit' || order.type === 'stop_limit';
  if (actsAsLimit && !limitCrosses(order, price)) {
    if (triggeredAt !== order.triggeredAt) {
      order = oneRow(await tx.update(orders).set({ triggeredAt }).where(eq(orders.id, order.id)).returning());
    }
    return { kind: 'idle', account, order: order! };
  }
  const fillPrice = actsAsLimit ? limitFillPrice(order.side, slipped, money(order.limitPrice!)) : slipped;
  const available = liquidityQty(price, asset.qtyPrecision);
  if (input.allOrNothing && available.lessThan(remaining)) return { kind: 'idle', account, order };
  const qty = remaining.lessThan(available) ? remaining : available;
  const notional = qty.mul(fillPrice);
  const fee = feeFor(notional);

  const cash = money(account.cash);
  const reservedElsewhere = money(account.reservedCash).minus(order.reservedCash);
  if (order.side === 'buy') {
    const needed = buyCost(qty, fillPrice);
    const free = cash.minus(reservedElsewhere);
    if (needed.greaterThan(free)) return { kind: 'insufficient_funds', account, order, needed, available: free };
  }

  const position = input.positions.find((p) => p.symbol === order.symbol);
  const heldQty = money(position?.qty ?? 0);
  const heldBasis = money(position?.costBasis ?? 0);
  const filledQty = money(order.filledQty).plus(qty);
  const filledNotional = money(order.filledNotional).plus(notional);
  const left = money(order.qty).minus(filledQty);
  let realized = ZERO;
  let newQty: Money;
  let newBasis: Money;
  let newReservedQty = money(position?.reservedQty ?? 0);
  let cashAfter: Money;
  if (order.side === 'buy') {
    newQty = heldQty.plus(qty);
    newBasis = heldBasis.plus(notional);
    cashAfter = cash.minus(notional).minus(fee);
  } else {
    if (qty.greaterThan(heldQty)) throw new Error(`sell of ${qty} exceeds position ${heldQty} (order ${order.id})`);
    newQty = heldQty.minus(qty);
    // Basis leaves in proportion to the quantity sold; the whole remainder leaves with the last unit, so
    // the rounding here never leaks: realized + remaining basis always add up to what was paid.
    const basisRemoved = newQty.isZero() ? heldBasis : roundTo(heldBasis.mul(qty).div(heldQty), 12);
    newBasis = heldBasis.minus(basisRemoved);
    realized = notional.minus(basisRemoved);
    // A booked sell held its whole quantity; a new one holds only what it leaves unfilled.
    newReservedQty = input.newOrder ? newReservedQty.plus(left) : newReservedQty.minus(qty);
    cashAfter = cash.plus(notional).minus(fee);
  }
  const avgDp = Math.max(8, asset.pricePrecision + 4);
  const reservedAfter = order.side === 'buy' && left.gt(0) ? reserveFor(order, left, price, asset.pricePrecision) : ZERO;
  const day = new Date(now).toISOString().slice(0, 10);
  const at = new Date(now);

  const fill: Fill = {
    id: crypto.randomUUID(),
    orderId: order.id,
    accountId: account.id,
    symbol: order.symbol,
    side: order.side,
    qty: str(qty),
    price: str(fillPrice),
    marketPrice: str(price),
    notional: str(notional),
    fee: str(fee),
    realizedPnl: str(realized),
    createdAt: at,
  };
  const nextPosition: Position = {
    accountId: account.id,
    symbol: order.symbol,
    qty: str(newQty),
    reservedQty: str(newReservedQty),
    costBasis: str(newBasis),
    avgEntry: str(newQty.isZero() ? ZERO : roundTo(newBasis.div(newQty), avgDp)),
    realizedPnl: str(money(position?.realizedPnl ?? 0).plus(realized)),
    updatedAt: at,
  };
  const nextOrder: Order = {
    ...order,
    status: left.isZero() ? 'filled' : 'partially_filled',
    filledQty: str(filledQty),
    filledNotional: str(filledNotional),
    avgFillPrice: str(roundTo(filledNotional.div(filledQty), avgDp)),
    reservedCash: str(reservedAfter),
    triggeredAt,
    lastFillTickTs: tick.ts,
    updatedAt: at,
  };
  const nextAccount: PaperAccount = {
    ...account,
    cash: str(cashAfter),
    reservedCash: str(reservedElsewhere.plus(reservedAfter)),
    realizedPnl: str(money(account.realizedPnl).plus(realized)),
    feesPaid: str(money(account.feesPaid).plus(fee)),
    dayPnlDate: day,
    dayPnl: str((account.dayPnlDate === day ? money(account.dayPnl) : ZERO).plus(realized).minus(fee)),
    updatedAt: at,
  };
  const value = await positionsValueAfter(input.positions, nextPosition, price, input.marks);
  await bookFill(tx, {
    fill,
    order: nextOrder,
    orderIsNew: input.newOrder ?? false,
    position: nextPosition,
    account: nextAccount,
    cashAfterTrade: str(cash.plus(order.side === 'buy' ? notional.neg() : notional)),
    snapshot: { positionsValue: str(value), equity: str(cashAfter.plus(value)) },
  });
  return { kind: 'filled', account: nextAccount, order: nextOrder, fill };
}

/** Σ qty × mark after the fill: the traded symbol at this tick, the rest at their marks (or cost basis). */
async function positionsValueAfter(held: Position[], changed: Position, price: Money, marks: MarkLookup): Promise<Money> {
  let total = money(changed.qty).mul(price);
  for (const p of held) {
    if (p.symbol === changed.symbol || money(p.qty).isZero()) continue;
    const mark = await marks(p.symbol);
    total = total.plus(mark ? money(p.qty).mul(mark) : money(p.costBasis));
  }
  return total;
}
