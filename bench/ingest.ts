/**
 * bench/ingest — ingestion throughput and candle query latency on PGlite (in memory, this process).
 *
 *   1. ticks/s: simulator ticks through the ingestor (cache + bus per tick, batched tick insert and candle
 *      upsert per flush). Target ≥ 50k/s.
 *   2. candle query latency over one year of 1m candles for one symbol (backfilled in SQL). Target p95 < 50 ms.
 *
 * Run: npm run bench -- ingest   (or: node --conditions=react-server --import tsx bench/ingest.ts)
 */
import { eq, sql } from 'drizzle-orm';
import { assets } from '@/db/schema/market';
import { queryRows } from '@/server/infra/db/types';
import { createLocalInfra } from '@/server/infra/local';
import { backfillAsset } from '@/server/services/market/backfill';
import { getCandles } from '@/server/services/market/candle-query';
import { createIngestor } from '@/server/services/market/ingestor';
import { analyzeMarketTables } from '@/server/services/market/tick-store';
import { seedAssets } from '@/server/services/market/seed-assets';
import { createSimulator } from '@/server/services/market/sources/simulator';

const TICKS = Number(process.env.BENCH_TICKS ?? 300_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 10_000);
const CANDLE_DAYS = Number(process.env.BENCH_CANDLE_DAYS ?? 365);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 200);

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const ms = (x: number) => `${x.toFixed(2)} ms`;

const infra = await createLocalInfra({ dataDir: undefined });
await seedAssets(infra.db);
const catalogue = await infra.db.select().from(assets);

// 1. Ingestion ---------------------------------------------------------------------------------------
const sim = createSimulator({
  seed: 1,
  startMs: Date.UTC(2026, 0, 1),
  assets: catalogue.map((a) => ({ ...a, startPrice: Number(a.basePrice) })),
});
let ticks = sim.advanceTo(Date.UTC(2026, 0, 1) + 60_000);
const perMinute = ticks.length;
const minutesNeeded = Math.ceil(TICKS / perMinute);
ticks = sim.advanceTo(Date.UTC(2026, 0, 1) + (minutesNeeded + 1) * 60_000).concat(ticks).slice(0, TICKS);

const ingestor = createIngestor(infra, { flushMs: 3_600_000, maxBatch: Number.MAX_SAFE_INTEGER });
const started = performance.now();
for (let i = 0; i < ticks.length; i += BATCH) {
  await ingestor.ingest(ticks.slice(i, i + BATCH));
  await ingestor.flush();
}
const seconds = (performance.now() - started) / 1000;
await ingestor.stop();
const [stored] = await queryRows<{ n: number }>(infra.db, sql`select count(*)::int as n from ticks`);
console.log(`ingest: ${ticks.length} ticks (${catalogue.length} assets, batches of ${BATCH}) in ${seconds.toFixed(2)} s`);
console.log(`ingest: ${Math.round(ticks.length / seconds)} ticks/s  (target ≥ 50000)  stored=${stored!.n}`);

// 2. Candle queries over a year (CANDLE_DAYS) of 1m candles -----------------------------------------------------------
const [btc] = await infra.db.select().from(assets).where(eq(assets.symbol, 'BTC'));
const yearEnd = Date.UTC(2025, 0, 1);
const fillStarted = performance.now();
await infra.db.execute(sql`delete from candles where symbol = 'BTC'`);
const minutes = await backfillAsset(infra.db, btc!, { endMs: yearEnd, days: CANDLE_DAYS, anchorPrice: '97000.00', seed: 1 });
await analyzeMarketTables(infra.db); // as the feed does after its backfill
console.log(`candles: backfilled ${minutes} 1m candles (+5m/1h/1d) for BTC in ${((performance.now() - fillStarted) / 1000).toFixed(1)} s`);

const yearStart = yearEnd - CANDLE_DAYS * 86_400_000;
const WINDOW_MS = 1000 * 60_000;
const shapes = [
  { label: '1m latest 300', q: () => ({ interval: '1m' as const, limit: 300 }) },
  {
    label: '1m random 1000-bar window',
    q: () => {
      const to = yearStart + WINDOW_MS + Math.random() * (yearEnd - yearStart - WINDOW_MS);
      return { interval: '1m' as const, from: Math.round(to - WINDOW_MS), to: Math.round(to), limit: 1000 };
    },
  },
  { label: CANDLE_DAYS === 365 ? '1h whole year (limit 1000)' : `1h all ${CANDLE_DAYS} days (limit 1000)`, q: () => ({ interval: '1h' as const, from: yearStart, to: yearEnd, limit: 1000 }) },
];
for (const shape of shapes) {
  const times: number[] = [];
  for (let i = 0; i < QUERIES; i++) {
    const t = performance.now();
    const res = await getCandles(infra.db, { symbol: 'BTC', ...shape.q() });
    times.push(performance.now() - t);
    if (res.candles.length === 0) throw new Error('no candles returned');
  }
  times.sort((a, b) => a - b);
  console.log(`candles: ${shape.label}: p50 ${ms(pct(times, 50))}  p95 ${ms(pct(times, 95))}  max ${ms(times.at(-1)!)}  (target p95 < 50 ms)`);
}
await infra.close();
