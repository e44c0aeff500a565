/**
 * bench/ingest-live — a live-shaped feed into the ingestor: trade frames on a (fake, local) Binance combined
 * WebSocket stream → the Binance adapter (JSON, zod, precision, de-duplication, batching) → the ingestor
 * (cache + bus per tick, batched tick insert and candle upsert), against the baseline of the same number of
 * simulator ticks into the same ingestor, in the same run, on the nine crypto majors. Target ≥ 50k ticks/s.
 * The exchange runs in a child process (bench/ingest-live-feed.ts), as a real one runs elsewhere.
 *
 * Run: npm run bench -- ingest-live   (or: node --conditions=react-server --import tsx bench/ingest-live.ts)
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { queryRows } from '@/server/infra/db/types';
import { createLocalInfra } from '@/server/infra/local';
import { CATALOGUE } from '@/server/services/market/catalogue';
import { createIngestor } from '@/server/services/market/ingestor';
import { seedAssets } from '@/server/services/market/seed-assets';
import { createBinanceSource } from '@/server/services/market/sources/binance/binance-source';
import type { SourceTick } from '@/server/services/market/sources/price-source';
import { createSimulator } from '@/server/services/market/sources/simulator';

const TICKS = Number(process.env.BENCH_TICKS ?? 300_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const majors = CATALOGUE.filter((a) => a.kind === 'crypto');
const assets = majors.map((a) => ({ symbol: a.symbol, sourceSymbol: `${a.symbol}USDT`, pricePrecision: a.pricePrecision, qtyPrecision: a.qtyPrecision }));

const infra = await createLocalInfra({ dataDir: undefined });
await seedAssets(infra.db);
const ingestorOptions = { flushMs: 3_600_000, maxBatch: BATCH };
const storedTicks = async () => (await queryRows<{ n: number }>(infra.db, sql`select count(*)::int as n from ticks`))[0]!.n;

// The exchange, in its own process.
const child = fork(path.join(import.meta.dirname, 'ingest-live-feed.ts'), [], { execArgv: ['--import', 'tsx'] });
const ask = <T>(message: object) =>
  new Promise<T>((resolve) => {
    child.once('message', (answer) => resolve(answer as T));
    child.send(message);
  });
const { wsUrl } = await ask<{ wsUrl: string }>({
  symbols: majors.map((a) => ({ symbol: `${a.symbol}USDT`, basePrice: Number(a.basePrice), priceDecimals: a.pricePrecision, qtyDecimals: a.qtyPrecision })),
});

async function baseline(): Promise<number> {
  const start = Date.UTC(2026, 0, 1);
  const sim = createSimulator({ seed: 1, startMs: start, assets: majors.map((a) => ({ ...a, startPrice: Number(a.basePrice) })) });
  let ticks: SourceTick[] = [];
  for (let minutes = 10; ticks.length < TICKS; minutes *= 2) ticks = sim.advanceTo(start + minutes * 60_000);
  ticks = ticks.slice(0, TICKS);
  const ingestor = createIngestor(infra, ingestorOptions);
  const before = await storedTicks();
  const t0 = performance.now();
  for (let i = 0; i < ticks.length; i += BATCH) await ingestor.ingest(ticks.slice(i, i + BATCH));
  await ingestor.flush();
  const seconds = (performance.now() - t0) / 1000;
  await ingestor.stop();
  if ((await storedTicks()) - before !== TICKS) throw new Error('baseline: not every tick was stored');
  return TICKS / seconds;
}

async function live(): Promise<{ rate: number; batches: number }> {
  const ingestor = createIngestor(infra, ingestorOptions);
  const source = createBinanceSource({ assets, cache: infra.cache, wsUrl, baseUrl: 'http://127.0.0.1:9', pollMs: 3_600_000 });
  let received = 0;
  let batches = 0;
  let pending: Promise<void> = Promise.resolve();
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const stop = source.start((ticks) => {
    batches++;
    // As the feed does: ingest without waiting; here chained so the end can be awaited.
    pending = pending.then(() => ingestor.ingest(ticks));
    received += ticks.length;
    if (received >= TICKS) done();
  });
  while (source.status().stream !== 'open') await new Promise((r) => setTimeout(r, 10));
  await ask({ prepare: TICKS });
  const before = await storedTicks();
  const t0 = performance.now();
  void ask({ send: true });
  await finished;
  await pending;
  await ingestor.flush();
  const seconds = (performance.now() - t0) / 1000;
  stop();
  await ingestor.stop();
  const stored = (await storedTicks()) - before;
  if (stored !== TICKS) throw new Error(`live: ${stored} of ${TICKS} ticks stored`);
  return { rate: TICKS / seconds, batches };
}

const base: number[] = [];
const feed: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  base.push(await baseline());
  const r = await live();
  feed.push(r.rate);
  console.log(`round ${round + 1}: simulator→ingestor ${Math.round(base.at(-1)!)} ticks/s, websocket→binance adapter→ingestor ${Math.round(r.rate)} ticks/s (${r.batches} batches)`);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(
  `ingest-live: ${Math.round(median(feed))} ticks/s over the WebSocket feed (target ≥ 50000) | baseline simulator ${Math.round(median(base))} ticks/s | ratio ${(median(feed) / median(base)).toFixed(2)}  (${TICKS} ticks, ${assets.length} symbols, median of ${ROUNDS})`,
);
child.send({ close: true });
child.kill();
await infra.close();
process.exit(0);
