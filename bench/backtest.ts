/**
 * bench/backtest — one year of 1m candles (525,600 bars) through sma_cross, against a bare loop over the same
 * candles in the same run.
 *
 *   bare loop      : a loop reading every candle's close from the same typed arrays (the floor)
 *   strategy loop  : runBacktest (strategy call, float mark, decimal ledger on fills). Target ≥ 1,000,000 bars/s
 *   whole job      : the backtests.run job through the job runner: claim, load the candles from the database
 *                    (in-memory PGlite), run, store the result. Target < 3 s
 *
 * Run: npm run bench -- backtest   (or: node --conditions=react-server --import tsx bench/backtest.ts)
 */
import { eq } from 'drizzle-orm';
import { users } from '@/db/schema';
import { assets } from '@/db/schema/market';
import { createLocalInfra } from '@/server/infra/local';
import { loadCandleSeries } from '@/server/services/bots/backtest/load-candles';
import { runBacktest } from '@/server/services/bots/backtest/run-backtest';
import type { CandleSeries } from '@/server/services/bots/backtest/series';
import { startBacktest } from '@/server/services/bots/backtest/start-backtest';
import { JOB_HANDLERS } from '@/server/services/jobs/handlers';
import { createJobRunner } from '@/server/services/jobs/runner';
import { backfillAsset } from '@/server/services/market/backfill';
import { seedAssets } from '@/server/services/market/seed-assets';

const REPEATS = Number(process.env.BENCH_BACKTEST_REPEATS ?? 5);
const PARAMS = { fast: 50, slow: 200 };

const infra = await createLocalInfra({ dataDir: undefined });
await seedAssets(infra.db);
const [btc] = await infra.db.select().from(assets).where(eq(assets.symbol, 'BTC'));
const end = Date.UTC(2025, 0, 1);
const start = end - 525_600 * 60_000;
const filled = performance.now();
await backfillAsset(infra.db, btc!, { endMs: end, days: 365, anchorPrice: '97000.00', seed: 1 });
console.log(`setup: backfilled one year of 1m BTC candles in ${((performance.now() - filled) / 1000).toFixed(1)} s`);

const query = { symbol: 'BTC', interval: '1m' as const, from: start, to: end };
const config = { initialCash: '10000', feeBps: 10, slippageBps: 5, qtyPrecision: btc!.qtyPrecision, intervalMinutes: 1 };

function bareLoop(s: CandleSeries): number {
  let acc = 0;
  for (let i = 0; i < s.length; i++) acc += s.close[i]!;
  return acc;
}

/** Best of REPEATS (after one warm-up), in seconds. */
function best(fn: () => unknown): number {
  fn();
  let min = Infinity;
  for (let r = 0; r < REPEATS; r++) {
    const t0 = performance.now();
    fn();
    min = Math.min(min, performance.now() - t0);
  }
  return min / 1000;
}

const series = await loadCandleSeries(infra.db, query);
const bars = series.length;
const bare = best(() => bareLoop(series));
const strategy = best(() => runBacktest(series, 'sma_cross', PARAMS, config));
const result = runBacktest(series, 'sma_cross', PARAMS, config);

const [owner] = await infra.db.insert(users).values({ email: 'bench@example.com', name: 'Bench' }).returning();
const runner = createJobRunner({ db: infra.db, bus: infra.bus, handlers: JOB_HANDLERS });
const jobTimes: number[] = [];
for (let r = 0; r < 3; r++) {
  await startBacktest(infra.db, undefined, owner!.id, {
    kind: 'single',
    strategy: 'sma_cross',
    params: PARAMS,
    symbol: 'BTC',
    interval: '1m',
    from: new Date(start),
    to: new Date(end),
    initialCash: config.initialCash,
    feeBps: config.feeBps,
    slippageBps: config.slippageBps,
  });
  const t0 = performance.now();
  await runner.runOnce();
  jobTimes.push((performance.now() - t0) / 1000);
}
const job = Math.min(...jobTimes);

const rate = (seconds: number) => Math.round(bars / seconds).toLocaleString('en-US');
console.log(`bars: ${bars} (1m, one year), sma_cross ${JSON.stringify(PARAMS)}: ${result.metrics.trades} trades, ${result.fills.length} fills`);
console.log(`bare loop:     ${rate(bare)} bars/s`);
console.log(`strategy loop: ${rate(strategy)} bars/s  (a bar costs ${(strategy / bare).toFixed(0)}× a bare-loop bar; target ≥ 1,000,000 bars/s)`);
console.log(`whole job:     ${job.toFixed(2)} s claim + load + run + store (best of 3; ${jobTimes.map((x) => x.toFixed(2)).join(', ')}; target < 3 s)`);
await infra.close();
