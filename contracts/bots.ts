import { z } from 'zod';
import { pageInput, pageOf, positiveDecimal, symbolSchema } from './common';

/**
 * Strategies, backtests and sweeps: the inputs every door (tRPC, REST, the bots UI's params form) validates
 * with, and the shapes they answer. Client-safe: zod and other contracts only.
 */

export const STRATEGY_NAMES = ['sma_cross', 'rsi', 'grid', 'dca'] as const;
export type StrategyName = (typeof STRATEGY_NAMES)[number];

export const CANDLE_INTERVALS = ['1m', '5m', '1h', '1d'] as const;
export type BacktestInterval = (typeof CANDLE_INTERVALS)[number];
export const INTERVAL_MINUTES: Record<BacktestInterval, number> = { '1m': 1, '5m': 5, '1h': 60, '1d': 1440 };

const int = (min: number, max: number, what: string) =>
  z
    .number({ message: `${what} must be a whole number` })
    .int(`${what} must be a whole number`)
    .min(min, `${what} must be at least ${min}`)
    .max(max, `${what} must be at most ${max}`);

const percentLevel = (what: string) =>
  z.number({ message: `${what} must be a number` }).gt(0, `${what} must be above 0`).lt(100, `${what} must be below 100`);

/** Long while SMA(fast) > SMA(slow), flat otherwise; no position before `slow` closes exist. */
export const smaCrossParams = z
  .object({ fast: int(1, 500, 'fast'), slow: int(2, 2000, 'slow') })
  .refine((p) => p.slow > p.fast, { path: ['slow'], message: 'slow must be greater than fast' });

/** Wilder RSI: long when RSI < buyBelow, flat when RSI > sellAbove, unchanged in between. */
export const rsiParams = z
  .object({ period: int(2, 200, 'period'), buyBelow: percentLevel('buyBelow'), sellAbove: percentLevel('sellAbove') })
  .refine((p) => p.buyBelow < p.sellAbove, { path: ['sellAbove'], message: 'sellAbove must be greater than buyBelow' });

/** Evenly spaced levels from lower to upper (both included); prices as decimal strings. */
export const gridParams = z
  .object({ lower: positiveDecimal, upper: positiveDecimal, levels: int(2, 100, 'levels') })
  .refine((p) => Number(p.lower) < Number(p.upper), { path: ['upper'], message: 'upper must be greater than lower' });

/** Buys `amount` of quote currency every `everyBars` closes; sells everything at takeProfitPct over the average entry. */
export const dcaParams = z.object({
  amount: positiveDecimal,
  everyBars: int(1, 100_000, 'everyBars'),
  takeProfitPct: z.number({ message: 'takeProfitPct must be a number' }).gt(0, 'takeProfitPct must be above 0').max(1000).optional(),
});

export const STRATEGY_PARAMS = {
  sma_cross: smaCrossParams,
  rsi: rsiParams,
  grid: gridParams,
  dca: dcaParams,
} as const satisfies Record<StrategyName, z.ZodType>;
export type StrategyParams = { [K in StrategyName]: z.output<(typeof STRATEGY_PARAMS)[K]> };

export const strategyNameSchema = z.enum(STRATEGY_NAMES, {
  message: `Unknown strategy: use one of ${STRATEGY_NAMES.join(', ')}`,
});

/** Checks `params` against the strategy's schema; issues land on `params.<field>`. */
function strategyParams(strategy: StrategyName, params: unknown, ctx: z.RefinementCtx) {
  const parsed = STRATEGY_PARAMS[strategy].safeParse(params);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, path: ['params', ...issue.path] } as never);
  return z.NEVER;
}

/** A strategy and its params, as validated. */
export type StrategyChoice = { [K in StrategyName]: { strategy: K; params: StrategyParams[K] } }[StrategyName];

export const MAX_BACKTEST_SPAN_MS = 5 * 365 * 24 * 60 * 60 * 1000;
export const BACKTEST_DEFAULTS = { initialCash: '10000', feeBps: 10, slippageBps: 5 } as const;

const instant = (what: string) =>
  z.union([z.iso.datetime({ offset: true }), z.date()], { message: `${what} must be an ISO 8601 date-time with offset` })
    .transform((v) => (typeof v === 'string' ? new Date(v) : v));

const runFields = {
  symbol: symbolSchema,
  interval: z.enum(CANDLE_INTERVALS, { message: `interval must be one of ${CANDLE_INTERVALS.join(', ')}` }),
  from: instant('from'),
  to: instant('to'),
  initialCash: positiveDecimal.default(BACKTEST_DEFAULTS.initialCash),
  feeBps: z.number().min(0, 'feeBps must be at least 0').max(1000, 'feeBps must be at most 1000').default(BACKTEST_DEFAULTS.feeBps),
  slippageBps: z
    .number()
    .min(0, 'slippageBps must be at least 0')
    .max(1000, 'slippageBps must be at most 1000')
    .default(BACKTEST_DEFAULTS.slippageBps),
};

function checkRange(v: { from: Date; to: Date }, ctx: z.RefinementCtx) {
  if (v.from.getTime() >= v.to.getTime()) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must be after from' });
  else if (v.to.getTime() - v.from.getTime() > MAX_BACKTEST_SPAN_MS)
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'A backtest covers at most 5 years' });
}

export const backtestInput = z
  .object({ strategy: strategyNameSchema, params: z.record(z.string(), z.unknown()), ...runFields })
  .superRefine(checkRange)
  .transform((value, ctx) => ({ ...value, params: strategyParams(value.strategy, value.params, ctx) }) as BacktestSpec);
export type BacktestSpec = StrategyChoice & {
  symbol: string;
  interval: BacktestInterval;
  from: Date;
  to: Date;
  initialCash: string;
  feeBps: number;
  slippageBps: number;
};

export const METRIC_NAMES = [
  'totalReturn',
  'cagr',
  'sharpe',
  'sortino',
  'calmar',
  'maxDrawdown',
  'winRate',
  'profitFactor',
  'expectancy',
  'exposure',
  'trades',
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

export const MAX_SWEEP_COMBINATIONS = 100;

/** A grid over params: each field lists the values to try; every combination is checked like a single run. */
export const sweepInput = z
  .object({
    strategy: strategyNameSchema,
    grid: z.record(z.string(), z.array(z.union([z.number(), z.string()])).min(1, 'List at least one value').max(100)),
    rankBy: z.enum(METRIC_NAMES, { message: `rankBy must be one of ${METRIC_NAMES.join(', ')}` }).default('sharpe'),
    ...runFields,
  })
  .superRefine(checkRange)
  .transform((value, ctx) => {
    const combos = combinations(value.grid);
    if (combos.length > MAX_SWEEP_COMBINATIONS) {
      ctx.addIssue({ code: 'custom', path: ['grid'], message: `A sweep tries at most ${MAX_SWEEP_COMBINATIONS} combinations (this grid has ${combos.length})` });
      return z.NEVER;
    }
    const params: Record<string, unknown>[] = [];
    for (const combo of combos) {
      const parsed = STRATEGY_PARAMS[value.strategy].safeParse(combo);
      // Combinations that break a cross-field rule (slow ≤ fast) are skipped, not fatal: grids overlap by design.
      if (parsed.success) params.push(parsed.data);
      else if (parsed.error.issues.some((i) => i.code !== 'custom')) {
        for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, path: ['grid', ...issue.path] } as never);
        return z.NEVER;
      }
    }
    if (params.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['grid'], message: 'No combination of this grid is valid for the strategy' });
      return z.NEVER;
    }
    const { strategy, rankBy, symbol, interval, from, to, initialCash, feeBps, slippageBps } = value;
    return { strategy, rankBy, symbol, interval, from, to, initialCash, feeBps, slippageBps, params } as SweepSpec;
  });
export type SweepSpec = Omit<BacktestSpec, 'params' | 'strategy'> & {
  strategy: StrategyName;
  params: Record<string, unknown>[];
  rankBy: MetricName;
};

/** Every combination of the grid's values (cartesian product), in key order. */
export function combinations(grid: Record<string, readonly unknown[]>): Record<string, unknown>[] {
  let out: Record<string, unknown>[] = [{}];
  for (const [key, values] of Object.entries(grid)) {
    out = out.flatMap((partial) => values.map((v) => ({ ...partial, [key]: v })));
    if (out.length > MAX_SWEEP_COMBINATIONS * 100) break;
  }
  return out;
}

export const backtestIdInput = z.object({ id: z.uuid({ message: 'Not a backtest id' }) });
export const listBacktestsInput = z.object(pageInput(20, 100)).default({ limit: 20 });

const num = z.string().nullable();
export const backtestMetrics = z.object({
  totalReturn: z.string(),
  cagr: num,
  sharpe: num,
  sortino: num,
  calmar: num,
  maxDrawdown: z.string(),
  winRate: num,
  profitFactor: num,
  expectancy: num,
  exposure: z.string(),
  trades: z.number().int(),
});
export type BacktestMetrics = z.infer<typeof backtestMetrics>;

export const backtestTrade = z.object({
  entryT: z.number(),
  exitT: z.number(),
  qty: z.string(),
  entryPrice: z.string(),
  exitPrice: z.string(),
  pnl: z.string(),
  fees: z.string(),
});
export type BacktestTrade = z.infer<typeof backtestTrade>;

export const equityPoint = z.object({ t: z.number(), equity: z.string() });
export type EquityPoint = z.infer<typeof equityPoint>;

export const BACKTEST_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'canceled'] as const;

export const backtestView = z.object({
  id: z.uuid(),
  jobId: z.uuid(),
  kind: z.enum(['single', 'sweep']),
  status: z.enum(BACKTEST_STATUSES),
  /** 0–1. */
  progress: z.number(),
  error: z.string().nullable(),
  strategy: strategyNameSchema,
  params: z.unknown(),
  symbol: z.string(),
  interval: z.enum(CANDLE_INTERVALS),
  from: z.string(),
  to: z.string(),
  initialCash: z.string(),
  feeBps: z.number(),
  slippageBps: z.number(),
  bars: z.number().int().nullable(),
  metrics: backtestMetrics.nullable(),
  equity: z.array(equityPoint),
  trades: z.array(backtestTrade),
  sweep: z
    .object({ rankBy: z.enum(METRIC_NAMES), results: z.array(z.object({ params: z.unknown(), metrics: backtestMetrics })) })
    .nullable(),
  createdAt: z.string(),
});
export type BacktestView = z.infer<typeof backtestView>;
export const backtestPage = pageOf(backtestView.omit({ equity: true, trades: true, sweep: true }));
export const backtestStarted = z.object({ id: z.uuid(), jobId: z.uuid() });

// Live bots --------------------------------------------------------------------------------------------

export const BOT_STATUSES = ['stopped', 'running', 'paused'] as const;

export const botLimitsInput = z.object({
  /** Most the bot's position may be worth at the latest price; its buys are sized down to fit. */
  maxPositionNotional: positiveDecimal.optional(),
  /** Loss since the first close of the UTC day (marked) at which the bot stops buying and pauses. */
  maxDailyLoss: positiveDecimal.optional(),
  maxOrdersPerHour: int(1, 1000, 'maxOrdersPerHour').optional(),
  /** Rejected orders in a row after which the bot pauses itself. */
  maxRejections: int(1, 100, 'maxRejections').default(3),
});

const botName = z.string().trim().min(1, 'Name is required').max(80, 'Name is at most 80 characters');

export const createBotInput = z
  .object({
    name: botName,
    strategy: strategyNameSchema,
    params: z.record(z.string(), z.unknown()),
    symbol: symbolSchema,
    interval: z.enum(CANDLE_INTERVALS, { message: `interval must be one of ${CANDLE_INTERVALS.join(', ')}` }),
    /** Quote currency the bot may spend from the paper account (its all-in entries use this, not the account). */
    budget: positiveDecimal.default(BACKTEST_DEFAULTS.initialCash),
    limits: botLimitsInput.default({ maxRejections: 3 }),
  })
  .transform((value, ctx) => ({ ...value, params: strategyParams(value.strategy, value.params, ctx) }) as BotSpec);
export type BotSpec = StrategyChoice & {
  name: string;
  symbol: string;
  interval: BacktestInterval;
  budget: string;
  limits: z.output<typeof botLimitsInput>;
};

export const botIdInput = z.object({ id: z.uuid({ message: 'Not a bot id' }) });
export const updateBotInput = z.object({ id: z.uuid({ message: 'Not a bot id' }), name: botName.optional(), limits: botLimitsInput.optional() });
export const listBotsInput = z.object({ ...pageInput(20, 100), symbol: symbolSchema.optional() }).default({ limit: 20 });
export const botLogInput = z.object({ id: z.uuid({ message: 'Not a bot id' }), ...pageInput(50, 200) });

export const botView = z.object({
  id: z.uuid(),
  name: z.string(),
  strategy: strategyNameSchema,
  params: z.unknown(),
  symbol: z.string(),
  interval: z.enum(CANDLE_INTERVALS),
  budget: z.string(),
  limits: botLimitsInput,
  status: z.enum(BOT_STATUSES),
  statusReason: z.string().nullable(),
  cash: z.string(),
  qty: z.string(),
  /** Realised PnL since creation, fees included: cash + entry cost of the open position − budget. */
  realizedPnl: z.string(),
  lastBarT: z.number().nullable(),
  createdAt: z.string(),
});
export type BotView = z.infer<typeof botView>;

export const botDecisionView = z.object({
  t: z.number(),
  signal: z.string(),
  reason: z.string(),
  orderId: z.string().nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
});
export const botLogPage = pageOf(botDecisionView);
export const botPage = pageOf(botView);
export const deletedBotSchema = z.object({ id: z.uuid() });
