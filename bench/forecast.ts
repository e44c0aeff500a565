/**
 * bench/forecast — the forecast models' rolling-origin evaluation over the simulator's backfill, and
 * forecast latency.
 *
 *   1. Every seeded asset gets BENCH_FORECAST_DAYS (default 7) of 1m candles from the backfill (the same
 *      SQL the app runs on first start), in in-memory PGlite. Each asset's history is evaluated at every
 *      origin after the warm-up (30 steps ahead, 1..30 scored): MASE of the naive and damped-Holt point
 *      forecasts, coverage of the chosen volatility model's 80/95/99 % bands (widths calibrated on
 *      earlier origins only, scored on the later ¾; plain normal bands beside), pinball loss, and QLIKE of
 *      each volatility model against constant volatility. Targets: coverage within ±2.5 points, MASE in
 *      [0.97, 1.03] (naive: no model beats the last price here), EWMA or GARCH QLIKE ≥ 20 % below constant.
 *   2. Latency through the tRPC caller (same process): `forecast.get` cold (cache emptied before each call;
 *      1000 candles read, model card stored) and warm (cache hit), beside `market.ping` through the same
 *      caller, the trivial baseline. Targets: cold p95 < 50 ms, warm ≥ 0.8× the baseline's throughput.
 *
 * Run: npm run bench -- forecast   (or: node --conditions=react-server --import tsx bench/forecast.ts)
 */
import { sql } from 'drizzle-orm';
import { assets } from '@/db/schema/market';
import { createCaller } from '@/server/api/root';
import { queryRows } from '@/server/infra/db/types';
import { createLocalInfra } from '@/server/infra/local';
import { evaluateForecasts, type ModelCard } from '@/server/services/forecast/evaluate';
import { forecastCacheKey } from '@/server/services/forecast/get-forecast';
import { computeModelCard } from '@/server/services/forecast/model-card';
import { backfillAsset } from '@/server/services/market/backfill';
import { getCandles } from '@/server/services/market/candle-query';
import { seedAssets } from '@/server/services/market/seed-assets';
import { analyzeMarketTables } from '@/server/services/market/tick-store';

const DAYS = Number(process.env.BENCH_FORECAST_DAYS ?? 7);
const LATENCY_CALLS = Number(process.env.BENCH_FORECAST_CALLS ?? 2000);
const END_MS = Date.UTC(2026, 0, 1);

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const pts = (x: number) => (100 * x).toFixed(1).padStart(5);
const f3 = (x: number) => x.toFixed(3);
const better = (model: number, constant: number) => `${(100 * (1 - model / constant)).toFixed(0).padStart(3)} %`;

const infra = await createLocalInfra({ dataDir: undefined });
await seedAssets(infra.db);
const catalogue = await infra.db.select().from(assets).orderBy(assets.symbol);

const filled = performance.now();
for (const asset of catalogue) {
  await backfillAsset(infra.db, asset, { endMs: END_MS, days: DAYS, anchorPrice: asset.basePrice, seed: 1 });
}
await analyzeMarketTables(infra.db);
console.log(`forecast: backfilled ${DAYS} days of 1m candles for ${catalogue.length} assets in ${((performance.now() - filled) / 1000).toFixed(1)} s`);

// 1. Evaluation -------------------------------------------------------------------------------------------
console.log(
  'symbol  origins  MASE naive  MASE Holt  vol     cov80  cov95  cov99 (normal 80/95)  pinball(bp)  QLIKE vs constant: rolling  ewma  garch',
);
const cards: ModelCard[] = [];
for (const asset of catalogue) {
  const { candles } = await getCandles(infra.db, { symbol: asset.symbol, interval: '1m', limit: DAYS * 1440 });
  const card = evaluateForecasts(candles.map((c) => Number(c.c)), { maxOrigins: Number.MAX_SAFE_INTEGER });
  cards.push(card);
  const v = card.vol[card.volModel];
  console.log(
    `${asset.symbol.padEnd(6)} ${String(card.origins).padStart(8)}  ${f3(card.mase.naive).padStart(10)} ${f3(card.mase['damped-holt']).padStart(10)}  ` +
      `${card.volModel.padEnd(7)} ${pts(v.coverage80)}  ${pts(v.coverage95)}  ${pts(v.coverage99)}   (${pts(v.normalCoverage80)} ${pts(v.normalCoverage95)})  ${(v.pinball * 1e4).toFixed(2).padStart(11)}` +
      `                     ${better(card.vol.rolling.qlike, card.constantQlike)}  ${better(card.vol.ewma.qlike, card.constantQlike)}  ${better(card.vol.garch.qlike, card.constantQlike)}`,
  );
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const chosen = cards.map((c) => c.vol[c.volModel]);
const within = (x: number, nominal: number) => Math.abs(x - nominal) <= 0.025;
const bestQlikeGain = cards.map((c) => 1 - Math.min(c.vol.ewma.qlike, c.vol.garch.qlike) / c.constantQlike);
console.log(
  `ALL    ${String(cards.reduce((s, c) => s + c.origins, 0)).padStart(8)}  ${f3(mean(cards.map((c) => c.mase.naive))).padStart(10)} ${f3(mean(cards.map((c) => c.mase['damped-holt']))).padStart(10)}  ` +
    `chosen  ${pts(mean(chosen.map((v) => v.coverage80)))}  ${pts(mean(chosen.map((v) => v.coverage95)))}  ${pts(mean(chosen.map((v) => v.coverage99)))}   (${pts(mean(chosen.map((v) => v.normalCoverage80)))} ${pts(mean(chosen.map((v) => v.normalCoverage95)))})`,
);
console.log(`forecast: calibrated bands (later ¾ of origins):  coverage80 within ±2.5 pts: ${chosen.filter((v) => within(v.coverage80, 0.8)).length}/${cards.length} assets; coverage95: ${chosen.filter((v) => within(v.coverage95, 0.95)).length}/${cards.length}`);
console.log(`forecast: plain normal bands (all origins):    coverage80 within ±2.5 pts: ${chosen.filter((v) => within(v.normalCoverage80, 0.8)).length}/${cards.length} assets; coverage95: ${chosen.filter((v) => within(v.normalCoverage95, 0.95)).length}/${cards.length}`);
console.log(`forecast: naive MASE in [0.97, 1.03]: ${cards.filter((c) => c.mase.naive >= 0.97 && c.mase.naive <= 1.03).length}/${cards.length} assets; damped Holt below naive: ${cards.filter((c) => c.mase['damped-holt'] < c.mase.naive).length}/${cards.length}`);
console.log(`forecast: EWMA or GARCH QLIKE ≥ 20 % below constant: ${bestQlikeGain.filter((g) => g >= 0.2).length}/${cards.length} assets (median gain ${(100 * [...bestQlikeGain].sort((a, b) => a - b)[bestQlikeGain.length >> 1]!).toFixed(0)} %)`);

// 2. Latency --------------------------------------------------------------------------------------------------
const caller = createCaller({
  requestId: 'bench', runtime: 'nodejs', db: infra.db, cache: infra.cache, bus: infra.bus, ratelimit: infra.ratelimit, clock: infra.clock,
  user: null, session: null, clientIp: '203.0.113.7', resHeaders: new Headers(),
});
const cardStarted = performance.now();
for (const asset of catalogue) await computeModelCard(infra.db, asset.symbol, '1m', new Date(END_MS));
console.log(`forecast: model cards (2000 candles, ~1470 origins) for ${catalogue.length} assets in ${((performance.now() - cardStarted) / 1000).toFixed(1)} s`);

async function time(label: string, calls: number, run: (i: number) => Promise<unknown>) {
  const times: number[] = [];
  const started = performance.now();
  for (let i = 0; i < calls; i++) {
    const t = performance.now();
    await run(i);
    times.push(performance.now() - t);
  }
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  console.log(`forecast: ${label.padEnd(44)} ${Math.round(calls / seconds).toString().padStart(6)} calls/s  p50 ${pct(times, 50).toFixed(2)} ms  p95 ${pct(times, 95).toFixed(2)} ms`);
  return calls / seconds;
}
const symbolOf = (i: number) => catalogue[i % catalogue.length]!.symbol;
const cold = LATENCY_CALLS / 10;
await time(`forecast.get cold (1000 candles, all assets)`, cold, async (i) => {
  await infra.cache.del(forecastCacheKey(symbolOf(i), '1m', 30));
  return caller.forecast.get({ symbol: symbolOf(i), interval: '1m', horizon: 30 });
});
await time('of which: the 1000-candle read alone', cold, (i) => getCandles(infra.db, { symbol: symbolOf(i), interval: '1m', limit: 1000 }));
const baseline = await time('market.ping (trivial baseline)', LATENCY_CALLS, () => caller.market.ping());
const warm = await time('forecast.get warm (cache hit, all assets)', LATENCY_CALLS, (i) =>
  caller.forecast.get({ symbol: symbolOf(i), interval: '1m', horizon: 30 }),
);
console.log(`forecast: warm/baseline throughput ratio ${(warm / baseline).toFixed(2)} (target ≥ 0.8); cold target p95 < 50 ms`);
const [stored] = await queryRows<{ n: number }>(infra.db, sql`select count(*)::int as n from forecast_model_cards`);
console.log(`forecast: stored model cards: ${stored!.n}`);
await infra.close();
