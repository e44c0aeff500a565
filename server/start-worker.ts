import 'server-only';
import { hostname } from 'node:os';
import type { Infra } from '@/server/infra/infra';
import { createBotRunner, type BotRunner } from '@/server/services/bots/live/runner';
import { startAlertEngine } from '@/server/services/alerts/alert-engine';
import { startModelCardRefresh } from '@/server/services/forecast/card-refresh';
import { JOB_HANDLERS } from '@/server/services/jobs/handlers';
import { createJobRunner, type JobRunner } from '@/server/services/jobs/runner';
import { runUnderLease, type LeasedSingleton } from '@/server/services/leases/leased-singleton';
import { startOrderNotifications } from '@/server/services/notifications/order-notifications';
import { startTaskReminders } from '@/server/services/notifications/task-reminders';
import { startMarketFeed, type MarketFeedOptions } from '@/server/services/market/market-feed';
import { startTokenRefresh, type TokenRefresh } from '@/server/services/tokens/start-token-refresh';
import { startTradingEngine } from '@/server/services/trading/engine/start-engine';
import type { TradingEngineOptions } from '@/server/services/trading/engine/trading-engine';

export interface WorkerOptions {
  /** This instance's name in leases and job claims; host:pid:random by default. */
  holder?: string;
  leaseTtlMs: number;
  feed?: MarketFeedOptions;
  engine?: TradingEngineOptions;
  /** How long before a task's due time its reminder goes out (TASK_REMINDER_LEAD_MINUTES). */
  taskReminderLeadMs?: number;
}

export interface Worker {
  jobs: JobRunner;
  /** The simulator and ingestion: one per deployment, or every tick would be made twice. */
  feed: LeasedSingleton;
  /** Resting orders, the volatility circuit breaker, day-order expiry, equity snapshots: one per deployment. */
  engine: LeasedSingleton;
  /** Live bots on candle close; every worker runs one, and a per-bot lease keeps each bot on one of them. */
  bots: BotRunner;
  /** Token aggregator refresh: every worker runs the loop; each period's cycle is claimed by one of them. */
  tokens: TokenRefresh;
  /** The forecasts' scheduled backtests (model cards): one per deployment, or every card is computed N times. */
  forecastCards: LeasedSingleton;
  /** Fills, rejections and expiries to their owners' inboxes: one per deployment (a dedupe key guards overlaps). */
  orderNotifications: LeasedSingleton;
  /** Price alerts judged on live ticks: one per deployment, or each alert would fire once per worker. */
  alerts: LeasedSingleton;
  /** "Due soon" and "overdue" task reminders: one sweeper per deployment (dedupe keys make repeats no-ops). */
  taskReminders: LeasedSingleton;
  stop(): Promise<void>;
}

/**
 * The worker role. Job runners may run side by side (each job has its own lease); the feed and the engine
 * each run under a deployment-wide lease, so with several workers exactly one runs each, and another takes
 * over within the lease TTL when it dies.
 */
export async function startWorker(infra: Infra, opts: WorkerOptions): Promise<Worker> {
  const holder = opts.holder ?? `${hostname()}:${process.pid}:${crypto.randomUUID().slice(0, 8)}`;
  const jobs = createJobRunner({ db: infra.db, bus: infra.bus, handlers: JOB_HANDLERS, runnerId: holder });
  await jobs.start();
  const lease = { db: infra.db, logger: infra.logger, holder, ttlMs: opts.leaseTtlMs };
  const feed = await runUnderLease({ ...lease, name: 'market-feed', start: () => startMarketFeed(infra, opts.feed) });
  const engine = await runUnderLease({ ...lease, name: 'trading-engine', start: () => startTradingEngine(infra, opts.engine) });
  const forecastCards = await runUnderLease({
    ...lease,
    name: 'forecast-cards',
    start: async () => {
      const stop = startModelCardRefresh(infra.db, infra.clock, (msg, fields) => infra.logger.info(fields ?? {}, msg));
      return { stop: async () => stop() };
    },
  });
  const orderNotifications = await runUnderLease({
    ...lease,
    name: 'order-notifications',
    start: () => startOrderNotifications(infra, (error) => infra.logger.error({ err: error }, 'order notification not written')),
  });
  const alerts = await runUnderLease({ ...lease, name: 'alert-engine', start: () => startAlertEngine(infra) });
  const taskReminders = await runUnderLease({
    ...lease,
    name: 'task-reminders',
    start: async () => startTaskReminders(infra, opts.taskReminderLeadMs ?? 60 * 60_000),
  });
  const bots = createBotRunner(
    { db: infra.db, cache: infra.cache, bus: infra.bus, clock: infra.clock },
    { onError: (error, botId) => infra.logger.error({ err: error, botId }, 'bot runner error') },
  );
  bots.start();
  const tokens = await startTokenRefresh(infra);
  return {
    jobs,
    feed,
    engine,
    bots,
    tokens,
    forecastCards,
    orderNotifications,
    alerts,
    taskReminders,
    async stop() {
      await Promise.all([jobs.stop(), feed.stop(), engine.stop(), bots.stop(), tokens.stop(), forecastCards.stop(), orderNotifications.stop(), alerts.stop(), taskReminders.stop()]);
    },
  };
}
