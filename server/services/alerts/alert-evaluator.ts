import { conditionHolds, dependsOnPrevious, frequencyAllows, type AlertRule, type TickMove } from './alert-rule';
import { PriceWindow } from './price-window';
import { SortedKeys } from './sorted-keys';

export interface AlertFire {
  rule: AlertRule;
  price: number;
  previous: number | null;
  ts: number;
  /** The alert is done (frequency `once`): it left the evaluator and its status becomes triggered. */
  final: boolean;
  /** When it last fired before this fire, for a compare-and-set on the stored row. */
  firedBefore: number | null;
}

export interface TickResult {
  fired: AlertFire[];
  expired: AlertRule[];
}

/** One symbol's alerts, indexed by the keys a move of the price can reach. */
class SymbolBook {
  previous: number | null = null;
  readonly crossUp = new SortedKeys<AlertRule>(); // crosses_above, crosses: by level
  readonly crossDown = new SortedKeys<AlertRule>(); // crosses_below, crosses: by level
  readonly above = new SortedKeys<AlertRule>();
  readonly below = new SortedKeys<AlertRule>();
  readonly byLower = new SortedKeys<AlertRule>(); // channels: by lower bound
  readonly byUpper = new SortedKeys<AlertRule>(); // channels: by upper bound
  readonly windows = new Map<number, { window: PriceWindow; rises: SortedKeys<AlertRule>; falls: SortedKeys<AlertRule> }>();
  /** Rules restored with their own last price: judged one by one on their first tick, then indexed. */
  readonly restored = new Map<string, AlertRule>();
}

/**
 * Judges live ticks against active alerts, per symbol, without scanning every alert on every tick: each
 * symbol keeps sorted indexes of trigger levels (as the trading engine's trigger book does), and a tick
 * visits only the levels between the previous price and this one (plus the `above`/`below` levels it is
 * past, and the percentage thresholds it reached). The index narrows; `conditionHolds` decides. Pure and
 * synchronous: the engine persists fires and expiries, and a symbol's books are independent data, so
 * symbols could be split between workers (shard by symbol).
 */
export class AlertEvaluator {
  private readonly books = new Map<string, SymbolBook>();
  private readonly rules = new Map<string, AlertRule>();

  get size(): number {
    return this.rules.size;
  }

  has(id: string): boolean {
    return this.rules.has(id);
  }

  private book(symbol: string): SymbolBook {
    let book = this.books.get(symbol);
    if (!book) this.books.set(symbol, (book = new SymbolBook()));
    return book;
  }

  /**
   * Adds (or replaces) an active alert. One whose stored last price differs from what this evaluator last saw
   * for its symbol (a restart, an alert made elsewhere) is judged against its own last price on its next tick.
   */
  add(rule: AlertRule): void {
    this.remove(rule.id);
    this.rules.set(rule.id, rule);
    const book = this.book(rule.symbol);
    if (dependsOnPrevious(rule.condition) && rule.lastPrice !== book.previous) book.restored.set(rule.id, rule);
    else this.index(book, rule);
  }

  remove(id: string): AlertRule | null {
    const rule = this.rules.get(id);
    if (!rule) return null;
    this.rules.delete(id);
    const book = this.book(rule.symbol);
    if (!book.restored.delete(id)) this.unindex(book, rule);
    return rule;
  }

  private index(book: SymbolBook, rule: AlertRule): void {
    this.place(book, rule, (list, key) => list.insert(key, rule));
  }

  private unindex(book: SymbolBook, rule: AlertRule): void {
    this.place(book, rule, (list, key) => list.remove(key, rule.id));
  }

  private place(book: SymbolBook, rule: AlertRule, apply: (list: SortedKeys<AlertRule>, key: number) => void): void {
    const v = rule.value!;
    switch (rule.condition) {
      case 'crosses_above':
        return apply(book.crossUp, v);
      case 'crosses_below':
        return apply(book.crossDown, v);
      case 'crosses':
        apply(book.crossUp, v);
        return apply(book.crossDown, v);
      case 'above':
        return apply(book.above, v);
      case 'below':
        return apply(book.below, v);
      case 'enters_channel':
      case 'exits_channel':
        apply(book.byLower, rule.lower!);
        return apply(book.byUpper, rule.upper!);
      case 'moves_up_pct':
      case 'moves_down_pct': {
        const minutes = rule.windowMinutes!;
        let w = book.windows.get(minutes);
        if (!w) book.windows.set(minutes, (w = { window: new PriceWindow(minutes * 60_000), rises: new SortedKeys(), falls: new SortedKeys() }));
        return apply(rule.condition === 'moves_up_pct' ? w.rises : w.falls, v);
      }
    }
  }

  /** The alerts this tick may fire: the index's candidates, each once. */
  private candidates(book: SymbolBook, prev: number | null, price: number, move: TickMove): Set<AlertRule> {
    const found = new Set<AlertRule>();
    const take = (items: Iterable<AlertRule>) => {
      for (const r of items) found.add(r);
    };
    if (prev !== null && price > prev) {
      take(book.crossUp.range(prev, false, price, true));
      take(book.byLower.range(prev, false, price, true)); // entering from below
      take(book.byUpper.range(prev, true, price, false)); // leaving through the top
    } else if (prev !== null && price < prev) {
      take(book.crossDown.range(price, true, prev, false));
      take(book.byUpper.range(price, true, prev, false)); // entering from above
      take(book.byLower.range(price, false, prev, true)); // leaving through the bottom
    }
    take(book.above.range(-Infinity, true, price, false));
    take(book.below.range(price, false, Infinity, true));
    for (const [minutes, w] of book.windows) {
      take(w.rises.range(-Infinity, true, move.risePct(minutes), true));
      take(w.falls.range(-Infinity, true, move.fallPct(minutes), true));
    }
    return found;
  }

  /** Starts `symbol`'s percentage windows over: a session opened, and the gap before it is not a move. */
  resetWindows(symbol: string): void {
    for (const { window } of this.books.get(symbol)?.windows.values() ?? []) window.clear();
  }

  /** Judges one tick of `symbol`. Alerts past their expiry leave without firing. */
  onTick(symbol: string, price: number, ts: number): TickResult {
    const book = this.book(symbol);
    const prev = book.previous;
    for (const { window } of book.windows.values()) window.push(ts, price);
    const move: TickMove = {
      previous: prev,
      price,
      ts,
      risePct: (m) => book.windows.get(m)?.window.risePct(price) ?? 0,
      fallPct: (m) => book.windows.get(m)?.window.fallPct(price) ?? 0,
    };
    const result: TickResult = { fired: [], expired: [] };
    const judge = (rule: AlertRule, judged: TickMove) => {
      if (rule.expiresAt !== null && ts >= rule.expiresAt) {
        this.remove(rule.id);
        result.expired.push(rule);
        return;
      }
      if (!conditionHolds(rule, judged) || !frequencyAllows(rule, ts)) return;
      const firedBefore = rule.lastFiredAt;
      rule.lastFiredAt = ts;
      rule.lastPrice = price;
      const final = rule.frequency === 'once';
      if (final) this.remove(rule.id);
      result.fired.push({ rule, price, previous: judged.previous, ts, final, firedBefore });
    };

    for (const rule of this.candidates(book, prev, price, move)) judge(rule, move);
    for (const rule of [...book.restored.values()]) {
      book.restored.delete(rule.id);
      judge(rule, { ...move, previous: rule.lastPrice });
      if (this.rules.has(rule.id)) this.index(book, rule);
    }
    book.previous = price;
    return result;
  }

  /** The alerts whose expiry has passed at `now` (removed): the engine's timer expires quiet ones. */
  expire(now: number): AlertRule[] {
    const expired = [...this.rules.values()].filter((r) => r.expiresAt !== null && now >= r.expiresAt);
    for (const r of expired) this.remove(r.id);
    return expired;
  }
}
