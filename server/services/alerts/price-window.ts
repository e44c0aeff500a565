/**
 * The lowest and highest price of a symbol within a sliding time window, kept with monotonic deques: each
 * tick is pushed and popped at most once, so a tick costs O(1) amortised however long the window.
 */
export class PriceWindow {
  private readonly lows: { ts: number; price: number }[] = [];
  private readonly highs: { ts: number; price: number }[] = [];

  constructor(private readonly spanMs: number) {}

  push(ts: number, price: number): void {
    while (this.lows.length && this.lows.at(-1)!.price >= price) this.lows.pop();
    this.lows.push({ ts, price });
    while (this.highs.length && this.highs.at(-1)!.price <= price) this.highs.pop();
    this.highs.push({ ts, price });
    const oldest = ts - this.spanMs;
    while (this.lows[0]!.ts < oldest) this.lows.shift();
    while (this.highs[0]!.ts < oldest) this.highs.shift();
  }

  /** Percent rise of `price` over the window's low (0 when the window is empty). */
  risePct(price: number): number {
    const low = this.lows[0]?.price;
    return low ? ((price - low) / low) * 100 : 0;
  }

  /** Percent fall of `price` under the window's high. */
  fallPct(price: number): number {
    const high = this.highs[0]?.price;
    return high ? ((high - price) / high) * 100 : 0;
  }

  /** Forgets every price (a new trading session: the overnight gap is not a move). */
  clear(): void {
    this.lows.length = 0;
    this.highs.length = 0;
  }
}
