/** A symbol halts for `haltMs` when its price moves more than `movePct` % within `windowMs`. */
export interface CircuitBreakerConfig {
  movePct: number;
  windowMs: number;
  haltMs: number;
}

export const DEFAULT_CIRCUIT_BREAKER: CircuitBreakerConfig = { movePct: 10, windowMs: 60_000, haltMs: 5 * 60_000 };

interface Point {
  ts: number;
  price: number;
}

/**
 * Watches one symbol's ticks. The window's low and high come from monotonic deques, so each tick costs
 * O(1) amortised however many ticks the window holds.
 */
export class PriceWindow {
  private readonly lows: Point[] = [];
  private readonly highs: Point[] = [];

  constructor(private readonly windowMs: number) {}

  /** Adds a tick; returns the move across the window in percent, (high − low) / low × 100. */
  push(ts: number, price: number): number {
    while (this.lows.length && this.lows[this.lows.length - 1]!.price >= price) this.lows.pop();
    this.lows.push({ ts, price });
    while (this.highs.length && this.highs[this.highs.length - 1]!.price <= price) this.highs.pop();
    this.highs.push({ ts, price });
    const from = ts - this.windowMs;
    while (this.lows[0]!.ts < from) this.lows.shift();
    while (this.highs[0]!.ts < from) this.highs.shift();
    const low = this.lows[0]!.price;
    const high = this.highs[0]!.price;
    // Rounded to a millionth of a percent: in doubles 0.70 → 0.77 is 10.000000000000009 %, which would
    // count an exactly-at-the-limit move as beyond it.
    return low > 0 ? Math.round(((high - low) / low) * 100 * 1e6) / 1e6 : 0;
  }

  /** Starts over after a trip, so the spike that caused it cannot trip the breaker again once it lifts. */
  clear(): void {
    this.lows.length = 0;
    this.highs.length = 0;
  }
}
