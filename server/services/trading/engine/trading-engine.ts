import { eq, inArray } from 'drizzle-orm';
import { assets, isOpenOrderStatus, OPEN_ORDER_STATUSES, orders } from '@/db/schema';
import type { Unsubscribe } from '@/server/infra/bus/types';
import { opensNewSession, PRICE_TOPIC, type PriceTick } from '@/server/services/market/price-tick';
import { ORDER_BOOK_TOPIC, type OrderBookEvent } from '../account-events';
import type { TradingDeps } from '../deps';
import { HALT_TOPIC, listActiveHalts, tripCircuitBreaker, type HaltEvent } from '../halts';
import type { AssetPrecision } from '../match-order';
import { toOrderView } from '../order-view';
import { DEFAULT_CIRCUIT_BREAKER, PriceWindow, type CircuitBreakerConfig } from './circuit-breaker';
import { executeResting } from './execute-resting';
import { expireDayOrders } from './expire-day-orders';
import { SNAPSHOT_PERIOD_MS, snapshotOpenAccounts } from './scheduled-snapshots';
import { TriggerBook } from './trigger-book';

export interface TradingEngineOptions {
  circuitBreaker?: CircuitBreakerConfig;
  /** How often day orders are swept for expiry, and the equity-snapshot period; 0 turns the timers off (tests). */
  sweepMs?: number;
  snapshotMs?: number;
  /** How often open orders and halts are re-read from the database (`resync`); 0 turns it off. */
  resyncMs?: number;
  onError?: (error: unknown, context: string) => void;
}

/**
 * Matches resting orders against live ticks. One per process: it subscribes to the price topic once,
 * keeps per-symbol trigger books in memory (loaded from the database at start, kept in step by
 * ORDER_BOOK_TOPIC events), runs the volatility circuit breaker, and expires day orders on a timer.
 * Ticks for one symbol are handled strictly in order; different symbols proceed independently.
 */
export class TradingEngine {
  private readonly books = new Map<string, TriggerBook>();
  private readonly accountOf = new Map<string, string>();
  private readonly windows = new Map<string, PriceWindow>();
  /** The last tick time per symbol, to see a session open after an overnight gap. */
  private readonly lastTs = new Map<string, number>();
  private readonly halts = new Map<string, number | null>();
  private readonly precision = new Map<string, AssetPrecision>();
  private readonly queues = new Map<string, Promise<void>>();
  private readonly unsubscribes: Unsubscribe[] = [];
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly breaker: CircuitBreakerConfig;
  /** Halt messages received so far: a resync replaces the halts only if none arrived while it read them. */
  private haltMessages = 0;

  constructor(
    private readonly deps: TradingDeps,
    private readonly options: TradingEngineOptions = {},
  ) {
    this.breaker = options.circuitBreaker ?? DEFAULT_CIRCUIT_BREAKER;
  }

  async start(): Promise<void> {
    // Subscribe first, then load: an order placed in between is in the load or arrives as an event (upsert is idempotent).
    this.unsubscribes.push(
      await this.deps.bus.subscribe<OrderBookEvent>(ORDER_BOOK_TOPIC, (e) => this.onOrder(e.data)),
      await this.deps.bus.subscribe<HaltEvent>(HALT_TOPIC, (e) => this.onHalt(e.data)),
      await this.deps.bus.subscribe<PriceTick>(PRICE_TOPIC, (e) => void this.enqueue(e.data)),
    );
    await this.resync();
    const every = (ms: number | undefined, fallback: number, run: () => Promise<unknown>, label: string) => {
      const period = ms ?? fallback;
      if (period <= 0) return;
      const timer = setInterval(() => void run().catch((e: unknown) => this.report(e, label)), period);
      timer.unref();
      this.timers.push(timer);
    };
    every(this.options.sweepMs, 30_000, () => expireDayOrders(this.deps), 'day-order expiry');
    every(this.options.resyncMs, 30_000, () => this.resync(), 'resync');
    const snapshotPeriod = this.options.snapshotMs ?? SNAPSHOT_PERIOD_MS;
    every(snapshotPeriod, SNAPSHOT_PERIOD_MS, () => snapshotOpenAccounts(this.deps, snapshotPeriod), 'equity snapshots');
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    for (const u of this.unsubscribes) await u();
    await Promise.all(this.queues.values());
  }

  /**
   * Reloads open orders and active halts from the database. The bus carries every change as it happens;
   * this makes up for a message it lost (Redis timing out after a commit). An order the books hold that was
   * already closed when the read began is dropped (orders never reopen); one added since is left alone, and
   * halts are only replaced when no halt message arrived during the read.
   */
  async resync(): Promise<void> {
    const held = new Set(this.accountOf.keys());
    const haltMessages = this.haltMessages;
    const open = await this.deps.db.select().from(orders).where(inArray(orders.status, OPEN_ORDER_STATUSES));
    const halts = await listActiveHalts(this.deps.db, this.deps.clock());
    const openIds = new Set(open.map((o) => o.id));
    for (const id of held) {
      if (openIds.has(id)) continue;
      for (const book of this.books.values()) book.remove(id);
      this.accountOf.delete(id);
    }
    for (const order of open) this.onOrder({ accountId: order.accountId, order: toOrderView(order) });
    if (haltMessages === this.haltMessages) {
      this.halts.clear();
      for (const halt of halts) this.halts.set(halt.symbol, halt.until?.getTime() ?? null);
    }
  }

  /** Orders resting in the books (for tests and metrics). */
  get restingCount(): number {
    let n = 0;
    for (const book of this.books.values()) n += book.size;
    return n;
  }

  isHalted(symbol: string, now = this.deps.clock()): boolean {
    if (!this.halts.has(symbol)) return false;
    const until = this.halts.get(symbol)!;
    return until === null || until > now;
  }

  /** Processes a tick after the symbol's earlier ticks; resolves when this one is done. */
  enqueue(tick: PriceTick): Promise<void> {
    const previous = this.queues.get(tick.symbol) ?? Promise.resolve();
    const next = previous.then(() => this.onTick(tick)).catch((e: unknown) => this.report(e, `tick ${tick.symbol}`));
    this.queues.set(tick.symbol, next);
    return next;
  }

  /** Resolves when every tick received so far has been handled. */
  async idle(): Promise<void> {
    await Promise.all(this.queues.values());
  }

  private async onTick(tick: PriceTick): Promise<void> {
    // A stale status (the source went down) repeats the last price: nothing to match or judge.
    if (tick.stale) return;
    const price = Number(tick.price);
    if (await this.checkCircuitBreaker(tick, price)) return;
    if (this.isHalted(tick.symbol)) return;
    const book = this.books.get(tick.symbol);
    if (!book || book.size === 0) return;
    const asset = await this.assetPrecision(tick.symbol);
    for (const orderId of book.candidates(price)) {
      const accountId = this.accountOf.get(orderId);
      if (!accountId) continue;
      try {
        await executeResting(this.deps, { orderId, accountId }, asset, tick);
      } catch (error) {
        this.report(error, `order ${orderId}`);
      }
    }
  }

  private async checkCircuitBreaker(tick: PriceTick, price: number): Promise<boolean> {
    const { symbol, ts } = tick;
    let window = this.windows.get(symbol);
    if (!window) this.windows.set(symbol, (window = new PriceWindow(this.breaker.windowMs)));
    // An equity's first tick of a session is judged against that session, not against last night's close.
    if (opensNewSession(this.lastTs.get(symbol) ?? null, tick)) window.clear();
    this.lastTs.set(symbol, Math.max(ts, this.lastTs.get(symbol) ?? ts));
    const move = window.push(ts, price);
    if (move <= this.breaker.movePct || this.isHalted(symbol)) return false;
    window.clear();
    return tripCircuitBreaker(this.deps, { symbol, movePct: move, windowMs: this.breaker.windowMs, haltMs: this.breaker.haltMs });
  }

  private onOrder({ accountId, order }: OrderBookEvent): void {
    let book = this.books.get(order.symbol);
    if (!book) this.books.set(order.symbol, (book = new TriggerBook()));
    if (isOpenOrderStatus(order.status)) {
      book.upsert(order);
      this.accountOf.set(order.id, accountId);
    } else {
      book.remove(order.id);
      this.accountOf.delete(order.id);
    }
  }

  private onHalt(event: HaltEvent): void {
    this.haltMessages++;
    if (event.halted) this.halts.set(event.symbol, event.until);
    else this.halts.delete(event.symbol);
  }

  private async assetPrecision(symbol: string): Promise<AssetPrecision> {
    const known = this.precision.get(symbol);
    if (known) return known;
    const [row] = await this.deps.db
      .select({ pricePrecision: assets.pricePrecision, qtyPrecision: assets.qtyPrecision })
      .from(assets)
      .where(eq(assets.symbol, symbol));
    if (!row) throw new Error(`no asset ${symbol}`);
    this.precision.set(symbol, row);
    return row;
  }

  private report(error: unknown, context: string): void {
    this.options.onError?.(error, context);
  }
}
