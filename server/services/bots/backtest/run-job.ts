import { eq } from 'drizzle-orm';
import { INTERVAL_MINUTES } from '@/contracts/bots';
import { assets, backtests } from '@/db/schema';
import { JobFailure, type JobHandler } from '@/server/services/jobs/job-run';
import { STRATEGIES } from '../strategies';
import { BACKTEST_PROGRESS_TOTAL } from './job-kind';
import { loadCandleSeries } from './load-candles';
import { rankByMetric } from './rank';
import { runBacktest, type BacktestConfig } from './run-backtest';

const LOAD_SHARE = 50;
/** Trades kept on the row (the latest ones); `metrics.trades` counts them all. Keeps a 5-year 1m run's row small. */
export const MAX_STORED_TRADES = 10_000;

/**
 * The `backtests.run` job: loads the stored candles (progress 0–50 %), runs the strategy — or every
 * combination of a sweep, ranked by the chosen metric — (50–100 %) and stores the result with the final
 * checkpoint. A backtest has no side effects until that last commit, so a retried attempt simply starts over;
 * cancel (jobs.cancel) aborts between chunks and combinations.
 */
export const backtestJobHandler: JobHandler = {
  async run(run) {
    const { db, job, signal } = run;
    const [bt] = await db.select().from(backtests).where(eq(backtests.jobId, job.id));
    if (!bt) throw new JobFailure('The backtest was deleted');
    const [asset] = await db.select({ qtyPrecision: assets.qtyPrecision }).from(assets).where(eq(assets.symbol, bt.symbol));
    if (!asset) throw new JobFailure(`Unknown asset ${bt.symbol}`);

    const strategy = STRATEGIES[bt.strategy];
    let reported = 0;
    const series = await loadCandleSeries(
      db,
      { symbol: bt.symbol, interval: bt.interval, from: bt.from.getTime(), to: bt.to.getTime(), fields: strategy.reads },
      async (loaded, expected) => {
        const pct = Math.min(LOAD_SHARE, Math.floor((LOAD_SHARE * loaded) / expected));
        if (pct >= reported + 10) await run.commit({ processed: (reported = pct) });
        signal.throwIfAborted();
      },
    );
    if (series.length === 0) {
      throw new JobFailure(`No stored ${bt.interval} candles for ${bt.symbol} between ${bt.from.toISOString()} and ${bt.to.toISOString()}`);
    }

    const config: BacktestConfig = {
      initialCash: bt.initialCash,
      feeBps: bt.feeBps,
      slippageBps: bt.slippageBps,
      qtyPrecision: asset.qtyPrecision,
      intervalMinutes: INTERVAL_MINUTES[bt.interval],
    };
    const finish = (values: Partial<typeof backtests.$inferInsert>) =>
      run.commit({ processed: BACKTEST_PROGRESS_TOTAL }, async (tx) => {
        await tx.update(backtests).set({ bars: series.length, ...values }).where(eq(backtests.id, bt.id));
      });

    if (bt.kind === 'single') {
      const result = runBacktest(series, bt.strategy, bt.params, config);
      await finish({ metrics: result.metrics, equity: result.equity, trades: result.trades.slice(-MAX_STORED_TRADES) });
      return { backtestId: bt.id, bars: series.length, trades: result.metrics.trades };
    }

    const combos = bt.params as Record<string, unknown>[];
    const results = [];
    for (let k = 0; k < combos.length; k++) {
      signal.throwIfAborted();
      const { metrics } = runBacktest(series, bt.strategy, combos[k], { ...config, maxEquityPoints: 1 });
      results.push({ params: combos[k]!, metrics });
      const pct = LOAD_SHARE + Math.floor(((BACKTEST_PROGRESS_TOTAL - LOAD_SHARE) * (k + 1)) / combos.length);
      if (pct >= reported + 10 && k + 1 < combos.length) await run.commit({ processed: (reported = pct) });
    }
    const ranked = rankByMetric(results, bt.rankBy ?? 'sharpe');
    // The winner is run once more in full so its equity curve and trades can be shown.
    const best = runBacktest(series, bt.strategy, ranked[0]!.params, config);
    await finish({ metrics: best.metrics, equity: best.equity, trades: best.trades.slice(-MAX_STORED_TRADES), sweepResults: ranked });
    return { backtestId: bt.id, bars: series.length, combinations: combos.length };
  },
};
