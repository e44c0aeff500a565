import type { OrderView } from '@/server/services/trading/order-view';
import { SortedLevels } from './sorted-levels';

type Side = 'buy' | 'sell';
type Kind = 'limit' | 'stop' | 'market';

interface Placement {
  kind: Kind;
  side: Side;
  level: number;
}

/**
 * One symbol's resting orders, by what would wake them:
 * - buy limits fill when the price falls to their limit (highest limit first),
 * - sell limits when it rises to theirs (lowest first),
 * - buy stops trigger when the price rises to the stop (lowest stop first),
 * - sell stops when it falls to it (highest first),
 * - market remainders (a gtc/day market order, or a triggered stop, that outran one tick's liquidity) on
 *   every tick.
 * A triggered stop-limit moves to the limit levels.
 */
export class TriggerBook {
  private readonly limits = { buy: new SortedLevels(true), sell: new SortedLevels(false) };
  private readonly stops = { buy: new SortedLevels(false), sell: new SortedLevels(true) };
  private readonly market = new Set<string>();
  private readonly placed = new Map<string, Placement>();

  get size(): number {
    return this.placed.size;
  }

  upsert(order: Pick<OrderView, 'id' | 'side' | 'type' | 'limitPrice' | 'stopPrice' | 'triggeredAt'>): void {
    this.remove(order.id);
    const placement = placementOf(order);
    this.placed.set(order.id, placement);
    if (placement.kind === 'market') this.market.add(order.id);
    else this.levels(placement).add(placement.level, order.id);
  }

  remove(orderId: string): void {
    const placement = this.placed.get(orderId);
    if (!placement) return;
    this.placed.delete(orderId);
    if (placement.kind === 'market') this.market.delete(orderId);
    else this.levels(placement).remove(placement.level, orderId);
  }

  /** Every order this price may fill or trigger (a superset is fine; never a subset). */
  candidates(price: number): string[] {
    return [
      ...this.market,
      ...this.stops.buy.reachedBy(price),
      ...this.stops.sell.reachedBy(price),
      ...this.limits.buy.reachedBy(price),
      ...this.limits.sell.reachedBy(price),
    ];
  }

  private levels(p: Placement): SortedLevels {
    return (p.kind === 'limit' ? this.limits : this.stops)[p.side];
  }
}

function placementOf(o: Pick<OrderView, 'side' | 'type' | 'limitPrice' | 'stopPrice' | 'triggeredAt'>): Placement {
  const triggered = o.triggeredAt !== null;
  if (o.type === 'limit' || (o.type === 'stop_limit' && triggered)) return { kind: 'limit', side: o.side, level: Number(o.limitPrice) };
  if ((o.type === 'stop' || o.type === 'stop_limit') && !triggered) return { kind: 'stop', side: o.side, level: Number(o.stopPrice) };
  return { kind: 'market', side: o.side, level: 0 };
}
