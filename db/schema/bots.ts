import { doublePrecision, index, integer, jsonb, numeric, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
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
    feeBps: doublePrecision('fee_bps').notNull(),
    slippageBps: doublePrecision('slippage_bps').notNull(),
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
