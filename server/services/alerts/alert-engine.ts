import { and, eq, isNull, sql } from 'drizzle-orm';
import { alertFires, alerts } from '@/db/schema';
import type { Infra } from '@/server/infra/infra';
import type { Unsubscribe } from '@/server/infra/bus/types';
import { insertNotification, publishNotification } from '@/server/services/notifications/notifications';
import type { NotificationView } from '@/contracts/notifications';
import { opensNewSession, PRICE_TOPIC, type PriceTick } from '@/server/services/market/price-tick';
import { AlertEvaluator, type AlertFire } from './alert-evaluator';
import { ALERT_CHANGES_TOPIC, describeAlert, toAlertRule, toAlertView, type AlertChange } from './alert-rows';
import { markExpired } from './alerts';

export interface AlertEngineOptions {
  /** How often the last price per symbol is stored on its active alerts (and at stop). */
  flushMs?: number;
  /** How often alerts that saw no tick are checked for expiry. */
  expiryMs?: number;
}

export type AlertEngineDeps = Pick<Infra, 'db' | 'bus' | 'clock' | 'logger'>;

/**
 * Runs the evaluator on live ticks: one per deployment (the worker, under the `alert-engine` lease). Loads
 * the active alerts, follows changes made through the API on `alerts.changes`, and for each fire writes,
 * in one transaction, the alert's new state (compare-and-set on its last fire, so a second engine or a
 * replayed tick cannot fire it twice) and the owner's notification, then publishes the notification.
 */
export class AlertEngine {
  readonly evaluator = new AlertEvaluator();
  private readonly unsubscribes: Unsubscribe[] = [];
  private readonly timers: ReturnType<typeof setInterval>[] = [];
  private queue: Promise<void> = Promise.resolve();
  /** The last price per symbol as the feed wrote it, and what of it is already stored. */
  private readonly latest = new Map<string, string>();
  private readonly flushed = new Map<string, string>();
  /** The last tick time per symbol, to see an equity's session open after the overnight gap. */
  private readonly lastTs = new Map<string, number>();

  constructor(
    private readonly deps: AlertEngineDeps,
    private readonly options: AlertEngineOptions = {},
  ) {}

  async start(): Promise<void> {
    // Changes first, then the load: an alert made in between is seen twice (add replaces), never missed.
    this.unsubscribes.push(await this.deps.bus.subscribe<AlertChange>(ALERT_CHANGES_TOPIC, (e) => this.onChange(e.data)));
    const active = await this.deps.db.select().from(alerts).where(eq(alerts.status, 'active'));
    for (const row of active) this.evaluator.add(toAlertRule(row));
    this.unsubscribes.push(await this.deps.bus.subscribe<PriceTick>(PRICE_TOPIC, (e) => this.enqueue(() => this.onTick(e.data))));
    this.timers.push(
      setInterval(() => this.enqueue(() => this.flushPrices()), this.options.flushMs ?? 10_000),
      setInterval(() => this.enqueue(() => markExpired(this.deps.db, this.evaluator.expire(this.deps.clock()).map((r) => r.id))), this.options.expiryMs ?? 15_000),
    );
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    for (const u of this.unsubscribes.splice(0)) await u();
    await this.enqueue(() => this.flushPrices());
  }

  /** Resolves when everything queued so far (ticks, flushes) is done. */
  idle(): Promise<void> {
    return this.queue;
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(work).catch((error: unknown) => this.deps.logger.error({ err: error }, 'alert engine error'));
    return this.queue;
  }

  private onChange(change: AlertChange): void {
    if (change.op === 'upsert') this.evaluator.add(change.rule);
    else this.evaluator.remove(change.id);
  }

  private async onTick(tick: PriceTick): Promise<void> {
    // A stale status repeats the last price of a source that went down: not a move.
    if (tick.stale) return;
    if (opensNewSession(this.lastTs.get(tick.symbol) ?? null, tick)) this.evaluator.resetWindows(tick.symbol);
    this.lastTs.set(tick.symbol, Math.max(tick.ts, this.lastTs.get(tick.symbol) ?? tick.ts));
    const { fired, expired } = this.evaluator.onTick(tick.symbol, Number(tick.price), tick.ts);
    this.latest.set(tick.symbol, tick.price);
    await markExpired(this.deps.db, expired.map((r) => r.id));
    for (const fire of fired) await this.persistFire(fire, tick.price);
  }

  private async persistFire(fire: AlertFire, price: string): Promise<void> {
    const { rule } = fire;
    const told: NotificationView | null = await this.deps.db.transaction(async (tx) => {
      const [row] = await tx
        .update(alerts)
        .set({
          lastFiredAt: new Date(fire.ts),
          lastPrice: price,
          fireCount: sql`${alerts.fireCount} + 1`,
          ...(fire.final ? { status: 'triggered' as const } : {}),
        })
        .where(
          and(
            eq(alerts.id, rule.id),
            eq(alerts.status, 'active'),
            fire.firedBefore === null
              ? isNull(alerts.lastFiredAt)
              : sql`${alerts.lastFiredAt} = ${new Date(fire.firedBefore).toISOString()}::timestamptz`,
          ),
        )
        .returning();
      if (!row) return null; // fired elsewhere, paused or deleted meanwhile
      await tx.insert(alertFires).values({
        alertId: row.id,
        price,
        previous: fire.previous === null ? null : String(fire.previous),
        firedAt: new Date(fire.ts),
      });
      const view = toAlertView(row);
      return insertNotification(tx, {
        userId: row.userId,
        kind: 'alert',
        title: describeAlert(view),
        body: `Price ${price}${view.note ? ` — ${view.note}` : ''}`,
        data: { alertId: row.id, symbol: row.symbol, condition: row.condition, price, previous: fire.previous, ts: fire.ts },
        dedupeKey: `alert:${row.id}:${fire.ts}`,
        email: row.email,
      });
    });
    if (told) await publishNotification(this.deps.bus, rule.userId, told);
  }

  /** Stores each symbol's last price on its active alerts, so a restart judges the next tick against it. */
  private async flushPrices(): Promise<void> {
    for (const [symbol, price] of this.latest) {
      if (this.flushed.get(symbol) === price) continue;
      await this.deps.db
        .update(alerts)
        .set({ lastPrice: price })
        .where(and(eq(alerts.symbol, symbol), eq(alerts.status, 'active')));
      this.flushed.set(symbol, price);
    }
  }
}

export async function startAlertEngine(deps: AlertEngineDeps, options?: AlertEngineOptions): Promise<AlertEngine> {
  const engine = new AlertEngine(deps, options);
  await engine.start();
  deps.logger.info({ active: engine.evaluator.size }, 'alert engine started');
  return engine;
}
