import { index, integer, jsonb, numeric, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { BacktestMetrics, BacktestTrade, EquityPoint, MetricName, StrategyName } from '@/contracts/bots';
import { jobs } from './jobs';
import { candleInterval } from './market';
import { users } from './users';

/** One combination of a sweep and how it scored. */
export interface SweepResult {
  params: Record<string, unknown>;
  metrics: BacktestMetrics;
}

/**
 * A backtest (or a parameter sweep) and, once its job has run, its result. Status and progress live on the
 * job (`jobId`); this row holds what was asked and what came out. Equity is kept at up to 2000 evenly spaced
 * closes; metrics are computed from every close.
 */
export const backtests = pgTable(
  'backtests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    jobId: uuid('job_id')
      .notNull()
      .unique()
      .references(() => jobs.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['single', 'sweep'] }).notNull(),
    strategy: text('strategy').$type<StrategyName>().notNull(),
    /** The params (single) or every combination tried (sweep). */
    params: jsonb('params').$type<Record<string, unknown> | Record<string, unknown>[]>().notNull(),
    rankBy: text('rank_by').$type<MetricName>(),
    symbol: text('symbol').notNull(),
    interval: candleInterval('interval').notNull(),
    from: timestamp('from', { withTimezone: true }).notNull(),
    to: timestamp('to', { withTimezone: true }).notNull(),
    initialCash: numeric('initial_cash').notNull(),
    feeBps: numeric('fee_bps', { mode: 'number' }).notNull(),
    slippageBps: numeric('slippage_bps', { mode: 'number' }).notNull(),
    bars: integer('bars'),
    /** The run's metrics; for a sweep, the best combination's. */
    metrics: jsonb('metrics').$type<BacktestMetrics>(),
    equity: jsonb('equity').$type<EquityPoint[]>().notNull().default([]),
    trades: jsonb('trades').$type<BacktestTrade[]>().notNull().default([]),
    /** Sweeps only: every combination, best first. */
    sweepResults: jsonb('sweep_results').$type<SweepResult[]>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('backtests_owner_created_idx').on(t.ownerId, t.createdAt, t.id)],
);

export type Backtest = typeof backtests.$inferSelect;

export const botStatus = pgEnum('bot_status', ['stopped', 'running', 'paused']);
export type BotStatus = (typeof botStatus.enumValues)[number];

/** A bot's own limits, checked before its orders reach the account's risk checks (which apply too). */
export interface BotLimits {
  maxPositionNotional?: string;
  maxDailyLoss?: string;
  maxOrdersPerHour?: number;
  /** Rejected orders in a row after which the bot pauses itself. */
  maxRejections: number;
}

/** What the bot's runner keeps between candles: the strategy's state and the bot's own ledger slice. */
export interface BotLedger {
  /** Quote currency the bot may still spend (its budget plus realised PnL, fees paid). */
  cash: string;
  qty: string;
  /** Notional and fees paid for the open position. */
  entryNotional: string;
  entryFees: string;
  /** Equity at the first close of the current UTC day, for the daily loss limit. */
  dayStart: { day: string; equity: string } | null;
}

/**
 * A live bot: a strategy with params on one symbol and interval, trading the owner's paper account through
 * the normal order path. `lastBarT` is the last closed candle it decided on (a restart resumes after it);
 * `lockedBy`/`lockedUntil` is the runner lease, so one bot never has two runners.
 */
export const bots = pgTable(
  'bots',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    strategy: text('strategy').$type<StrategyName>().notNull(),
    params: jsonb('params').$type<Record<string, unknown>>().notNull(),
    symbol: text('symbol').notNull(),
    interval: candleInterval('interval').notNull(),
    budget: numeric('budget').notNull(),
    limits: jsonb('limits').$type<BotLimits>().notNull(),
    status: botStatus('status').notNull().default('stopped'),
    statusReason: text('status_reason'),
    state: jsonb('state').$type<unknown>(),
    ledger: jsonb('ledger').$type<BotLedger>().notNull(),
    lastBarT: timestamp('last_bar_t', { withTimezone: true }),
    rejectionsInRow: integer('rejections_in_row').notNull().default(0),
    lockedBy: text('locked_by'),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (t) => [index('bots_owner_created_idx').on(t.ownerId, t.createdAt, t.id), index('bots_status_idx').on(t.status)],
);
export type Bot = typeof bots.$inferSelect;

/** One line of a bot's decision log: the signal on a close and what came of it. */
export const botDecisions = pgTable(
  'bot_decisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    botId: uuid('bot_id')
      .notNull()
      .references(() => bots.id, { onDelete: 'cascade' }),
    /** The candle (bucket start) the decision was made on. */
    barT: timestamp('bar_t', { withTimezone: true }).notNull(),
    signal: text('signal').notNull(),
    reason: text('reason').notNull(),
    orderId: uuid('order_id'),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('bot_decisions_bot_created_idx').on(t.botId, t.createdAt, t.id)],
);
export type BotDecision = typeof botDecisions.$inferSelect;
