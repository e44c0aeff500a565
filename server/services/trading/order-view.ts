import type { Fill, Order, Position } from '@/db/schema';
import { money, str } from './money';

const dec = (v: string) => str(money(v));
const decOrNull = (v: string | null) => (v === null ? null : dec(v));

/** What clients see of an order: decimals as canonical strings, internal bookkeeping left out. */
export function toOrderView(o: Order) {
  return {
    id: o.id,
    clientOrderId: o.clientOrderId,
    symbol: o.symbol,
    side: o.side,
    type: o.type,
    timeInForce: o.timeInForce,
    qty: dec(o.qty),
    limitPrice: decOrNull(o.limitPrice),
    stopPrice: decOrNull(o.stopPrice),
    status: o.status,
    filledQty: dec(o.filledQty),
    avgFillPrice: decOrNull(o.avgFillPrice),
    reason: o.reason,
    reasonMessage: o.reasonMessage,
    triggeredAt: o.triggeredAt,
    expiresAt: o.expiresAt,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
  };
}
export type OrderView = ReturnType<typeof toOrderView>;

export function toFillView(f: Fill) {
  return {
    id: f.id,
    orderId: f.orderId,
    symbol: f.symbol,
    side: f.side,
    qty: dec(f.qty),
    price: dec(f.price),
    marketPrice: dec(f.marketPrice),
    notional: dec(f.notional),
    fee: dec(f.fee),
    realizedPnl: dec(f.realizedPnl),
    createdAt: f.createdAt,
  };
}
export type FillView = ReturnType<typeof toFillView>;

export function toPositionView(p: Position, mark: string | null) {
  const qty = money(p.qty);
  const marketValue = mark === null ? null : qty.mul(mark);
  return {
    symbol: p.symbol,
    qty: str(qty),
    availableQty: str(qty.minus(p.reservedQty)),
    avgEntry: dec(p.avgEntry),
    costBasis: dec(p.costBasis),
    markPrice: mark === null ? null : dec(mark),
    marketValue: marketValue ? str(marketValue) : null,
    unrealizedPnl: marketValue ? str(marketValue.minus(p.costBasis)) : null,
    realizedPnl: dec(p.realizedPnl),
  };
}
export type PositionView = ReturnType<typeof toPositionView>;
