import { hostname } from 'node:os';
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { INTERVAL_MINUTES } from '@/contracts/bots';
import { assets, bots, type Bot } from '@/db/schema';
import type { TradingDeps } from '@/server/services/trading/deps';
import { loadCandleSeries } from '../backtest/load-candles';
import type { CandleSeries } from '../backtest/series';
import { instantiate } from '../strategies';
import type { StrategyCandle } from '../strategies/types';
import { stepBot } from './step-bot';

export interface BotRunnerOptions {
  runnerId?: string;
  /** How long a claim on a bot holds without renewal; another instance takes the bot over after it. */
  leaseMs?: number;
  /** Closed candles fed to a freshly started bot's strategy (no orders) so its indicators are warm. */
  warmupBars?: number;
  /** Wait between rounds (candles close at most once a minute; this is how late a decision may be). */
  pollMs?: number;
  onError?: (error: unknown, botId?: string) => void;
}

export interface BotRunner {
  readonly runnerId: string;
  /** One round: claims the running bots no other runner holds and steps each over its newly closed candles. */
  runOnce(): Promise<void>;
  start(): void;
  stop(): Promise<void>;
}

/**
 * Runs bots on candle close. A bot belongs to one runner at a time: the claim is a conditional update of its
 * lease (free, expired, or already ours), so two instances never step the same bot. Candles that closed while
 * nobody ran the bot (a restart, a pause) only advance its strategy; only the newest closed candle may trade,
 * so a bot never acts on a stale close.
 */
export function createBotRunner(deps: TradingDeps, opts: BotRunnerOptions = {}): BotRunner {
  const runnerId = opts.runnerId ?? `${hostname()}:${process.pid}:${crypto.randomUUID().slice(0, 8)}`;
  const leaseMs = opts.leaseMs ?? 30_000;
  const warmupBars = opts.warmupBars ?? 2000;
  const pollMs = opts.pollMs ?? 2000;
  let timer: NodeJS.Timeout | null = null;
  let round: Promise<void> | null = null;

  async function claim(): Promise<Bot[]> {
    const now = new Date(deps.clock());
    return deps.db
      .update(bots)
      .set({ lockedBy: runnerId, lockedUntil: new Date(now.getTime() + leaseMs) })
      .where(and(eq(bots.status, 'running'), or(isNull(bots.lockedUntil), lt(bots.lockedUntil, now), eq(bots.lockedBy, runnerId))))
      .returning();
  }

  async function runBot(bot: Bot): Promise<void> {
    const [asset] = await deps.db.select({ qtyPrecision: assets.qtyPrecision }).from(assets).where(eq(assets.symbol, bot.symbol));
    if (!asset) return;
    const stepMs = INTERVAL_MINUTES[bot.interval] * 60_000;
    // Closed: the bucket's end has passed.
    const to = deps.clock() - stepMs + 1;
    const from = bot.lastBarT ? bot.lastBarT.getTime() + 1 : to - (warmupBars + 1) * stepMs;
    const series = await loadCandleSeries(deps.db, { symbol: bot.symbol, interval: bot.interval, from, to, fields: ['high', 'low', 'volume'] });
    if (series.length === 0) return;

    if (!bot.lastBarT) {
      // A fresh start: warm the strategy on history, then trade from the next close on.
      await warmUp(bot, series);
      return;
    }
    let current = bot;
    for (let i = 0; i < series.length && current.status === 'running'; i++) {
      current = await stepBot(deps, current, candleAt(series, i), { qtyPrecision: asset.qtyPrecision, trade: i === series.length - 1 });
    }
  }

  async function warmUp(bot: Bot, series: CandleSeries): Promise<void> {
    const { strategy, state } = instantiate(bot.strategy, bot.params);
    const flat = { qty: 0, avgEntry: 0 };
    for (let i = 0; i < series.length; i++) strategy.onCandle(candleAt(series, i), state, flat);
    await deps.db
      .update(bots)
      .set({ state, lastBarT: new Date(series.t[series.length - 1]!) })
      .where(and(eq(bots.id, bot.id), eq(bots.status, 'running'), sql`${bots.lastBarT} is null`));
  }

  async function runOnce(): Promise<void> {
    for (const bot of await claim()) {
      try {
        await runBot(bot);
      } catch (error) {
        opts.onError?.(error, bot.id);
      }
    }
  }

  const loop = () => {
    round = runOnce()
      .catch((error: unknown) => opts.onError?.(error))
      .finally(() => {
        if (timer) timer = setTimeout(loop, pollMs);
      });
  };

  return {
    runnerId,
    runOnce,
    start() {
      if (timer) return;
      timer = setTimeout(loop, 0);
    },
    async stop() {
      if (timer) clearTimeout(timer);
      timer = null;
      await round;
      // Hand the bots back at once rather than after the lease runs out.
      await deps.db.update(bots).set({ lockedBy: null, lockedUntil: null }).where(eq(bots.lockedBy, runnerId));
    },
  };
}

function candleAt(s: CandleSeries, i: number): StrategyCandle {
  return { t: s.t[i]!, open: s.open[i]!, high: s.high[i]!, low: s.low[i]!, close: s.close[i]!, volume: s.volume[i]! };
}
