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
 *   2. Latency, on PGlite and (with BENCH_DATABASE_URL or TEST_DATABASE_URL) on a scratch Postgres database:
 *      - through the tRPC caller (same process): `forecast.get` cold (cache emptied before each call; the
 *        asset and 1000 closes read, the stored card from its minute in the cache, models run), the read
 *        alone beside the read it replaced (asset lookup + `getCandles`), `market.ping` and a warm call;
 *      - over HTTP: a node:http server in this process serves `/api/v1/*` with the REST handler the Next
 *        route calls (`handleRest`, same context; bearer identity resolution, as no Auth.js cookie is sent) and `/api/health`
 *        with its route's own GET; keep-alive clients, BENCH_FORECAST_HTTP_CONCURRENCY in flight. Next's
 *        router is not in the path (a cost both routes would share), so this is the endpoint's cost. The
 *        REST handler has a response cache, as the route does; a second server without one gives the full
 *        path (cache read, parse, output check, serialisation) beside it. BENCH_FORECAST_HTTP_ROUNDS (3)
 *        rounds of health / warm / warm without the response cache, back to back; medians reported.
 *      Targets: cold p95 < 50 ms; warm GET /api/v1/assets/{symbol}/forecast ≥ 0.8× GET /api/health's
 *      throughput in the same run.
 *
 * Run: npm run bench -- forecast   (or: node --conditions=react-server --import tsx bench/forecast.ts)
 * BENCH_FORECAST_PARTS=latency skips the evaluation (the latency part then backfills 3 days); =evaluation skips
 * the latency. BENCH_FORECAST_SEED (default 1) picks another simulated week.
 */
import { Agent, createServer, get as httpGet } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { GET as health } from '@/app/api/health/route';
import { assets } from '@/db/schema/market';
import { createCaller } from '@/server/api/root';
import type { Context } from '@/server/api/trpc';
import { bearerFrom, resolveBearer } from '@/server/auth/bearer';
import { createMemoryBus } from '@/server/infra/bus/memory';
import { createMemoryCache } from '@/server/infra/cache/memory';
import { systemClock } from '@/server/infra/clock';
import { openNodePostgres } from '@/server/infra/db/node-postgres';
import { queryRows } from '@/server/infra/db/types';
import type { Infra } from '@/server/infra/infra';
import { createLocalInfra } from '@/server/infra/local';
import { createMemoryRateLimiter } from '@/server/infra/ratelimit/memory';
import { logger } from '@/server/logger';
import { handleRest } from '@/server/rest/handler';
import { createResponseCache, type ResponseCache } from '@/server/rest/response-cache';
import { evaluateForecasts, type ModelCard } from '@/server/services/forecast/evaluate';
import { forecastCacheKey } from '@/server/services/forecast/get-forecast';
import { computeModelCard } from '@/server/services/forecast/model-card';
import { backfillAsset } from '@/server/services/market/backfill';
import { getAsset } from '@/server/services/market/asset-search';
import { getCandles, getCloses } from '@/server/services/market/candle-query';
import { seedAssets } from '@/server/services/market/seed-assets';
import { analyzeMarketTables } from '@/server/services/market/tick-store';
import { closedLoop, type LoadResult } from './closed-loop';

const PARTS = (process.env.BENCH_FORECAST_PARTS ?? 'evaluation,latency').split(',');
const EVALUATE = PARTS.includes('evaluation');
const DAYS = Number(process.env.BENCH_FORECAST_DAYS ?? (EVALUATE ? 7 : 3));
// The simulator seed of the backfill: another seed is another week of the same process (are the misses the same assets?).
const SEED = Number(process.env.BENCH_FORECAST_SEED ?? 1);
const LATENCY_CALLS = Number(process.env.BENCH_FORECAST_CALLS ?? 2000);
const HTTP_REQUESTS = Number(process.env.BENCH_FORECAST_HTTP ?? 4000);
const HTTP_CONCURRENCY = Number(process.env.BENCH_FORECAST_HTTP_CONCURRENCY ?? 8);
const HTTP_ROUNDS = Number(process.env.BENCH_FORECAST_HTTP_ROUNDS ?? 3);
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
  await backfillAsset(infra.db, asset, { endMs: END_MS, days: DAYS, anchorPrice: asset.basePrice, seed: SEED });
}
await analyzeMarketTables(infra.db);
console.log(`forecast: backfilled ${DAYS} days of 1m candles (seed ${SEED}) for ${catalogue.length} assets in ${((performance.now() - filled) / 1000).toFixed(1)} s`);

// 1. Evaluation -------------------------------------------------------------------------------------------
if (EVALUATE) await evaluation();

async function evaluation() {
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
}

// 2. Latency --------------------------------------------------------------------------------------------------
const LATENCY = PARTS.includes('latency');
if (LATENCY) {
  const cardStarted = performance.now();
  for (const asset of catalogue) await computeModelCard(infra.db, asset.symbol, '1m', new Date(END_MS));
  console.log(`forecast: model cards (2000 candles, ~1470 origins) for ${catalogue.length} assets in ${((performance.now() - cardStarted) / 1000).toFixed(1)} s`);
}

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
  console.log(`forecast: ${label.padEnd(52)} ${Math.round(calls / seconds).toString().padStart(6)} calls/s  p50 ${pct(times, 50).toFixed(2)} ms  p95 ${pct(times, 95).toFixed(2)} ms`);
  return { perSecond: calls / seconds, p95: pct(times, 95) };
}

/**
 * node:http in this process: /api/v1/* through the REST handler the Next route calls (with its own response
 * cache, as the route has), /api/health through its route's GET.
 */
async function startHttp(
  on: Infra,
  opts: { responseCache: boolean; sameBytes?: { body: Uint8Array<ArrayBuffer> } },
): Promise<{ base: string; stored: { hits: number }; close: () => Promise<void> }> {
  // resolveIdentity without its Auth.js branch (next-auth does not load outside Next): these requests carry
  // no session cookie, so that branch would be skipped anyway.
  const createContext = async (headers: Headers, resHeaders: Headers): Promise<Context> => ({
    requestId: headers.get('x-request-id') ?? crypto.randomUUID(),
    runtime: 'nodejs',
    db: on.db,
    cache: on.cache,
    bus: on.bus,
    ratelimit: on.ratelimit,
    clock: on.clock,
    ...((bearerFrom(headers) ? await resolveBearer(on, bearerFrom(headers)!) : null) ?? { user: null, session: null }),
    clientIp: '203.0.113.7',
    resHeaders,
  });
  // As the Next route has it: one response cache for the process (public answers, anonymous repeats).
  const inner = createResponseCache();
  const stored = { hits: 0 };
  const responseCache: ResponseCache = {
    get: (key) => {
      const hit = inner.get(key);
      if (hit) stored.hits++;
      return hit;
    },
    put: (key, response, freshForMs) => inner.put(key, response, freshForMs),
  };
  const server = createServer(async (req, res) => {
    const url = req.url ?? '/';
    const request = new Request(`http://127.0.0.1${url}`, { method: req.method, headers: req.headers as Record<string, string> });
    const path = url.split('?')[0]!;
    const response =
      path === '/api/health'
        ? health()
        : path === '/bench/same-bytes' && opts.sameBytes
          ? new Response(opts.sameBytes.body, { headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } })
          : await handleRest(request, path.slice('/api/v1'.length), createContext, opts.responseCache ? responseCache : undefined);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stored,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function latency(label: string, on: Infra, symbols: readonly string[]) {
  const caller = createCaller({
    requestId: 'bench', runtime: 'nodejs', db: on.db, cache: on.cache, bus: on.bus, ratelimit: on.ratelimit, clock: on.clock,
    user: null, session: null, clientIp: '203.0.113.7', resHeaders: new Headers(),
  });
  const symbolOf = (i: number) => symbols[i % symbols.length]!;
  const cold = Math.max(symbols.length, LATENCY_CALLS / 10);
  // Every symbol's card is read once first, as it is within its minute in the cache after the first request.
  for (const symbol of symbols) await caller.forecast.get({ symbol, interval: '1m', horizon: 30 });
  const coldRun = await time(`${label}: forecast.get cold (1000 candles, all assets)`, cold, async (i) => {
    await on.cache.del(forecastCacheKey(symbolOf(i), '1m', 30));
    return caller.forecast.get({ symbol: symbolOf(i), interval: '1m', horizon: 30 });
  });
  await time(`${label}: of which: the 1000 closes + asset (getCloses)`, cold, (i) => getCloses(on.db, { symbol: symbolOf(i), interval: '1m', limit: 1000 }));
  await time(`${label}: before: 1000 candles (getCandles) + asset`, cold, async (i) => {
    await getAsset(on.db, symbolOf(i));
    return getCandles(on.db, { symbol: symbolOf(i), interval: '1m', limit: 1000 });
  });
  const baseline = await time(`${label}: market.ping (trivial baseline)`, LATENCY_CALLS, () => caller.market.ping());
  const warm = await time(`${label}: forecast.get warm (cache hit, all assets)`, LATENCY_CALLS, (i) =>
    caller.forecast.get({ symbol: symbolOf(i), interval: '1m', horizon: 30 }),
  );
  console.log(`forecast: ${label}: in process warm/baseline throughput ratio ${(warm.perSecond / baseline.perSecond).toFixed(2)}; cold p95 ${coldRun.p95.toFixed(1)} ms (target < 50 ms)`);

  // Over HTTP: keep-alive clients, HTTP_CONCURRENCY in flight; per round the trivial route, warm forecasts
  // (the REST handler with its response cache, as the Next route runs it), then the same without it.
  // Forecasts stored during the timed run are counted: each is a miss (an expired minute), not a warm call.
  let computed = 0;
  const counting: Infra = {
    ...on,
    cache: { ...on.cache, set: (key, value, opts) => ((computed += key.startsWith('forecast:v2:') ? 1 : 0), on.cache.set(key, value, opts)) },
  };
  // A baseline as trivial as health but with a forecast's bytes: what sending 5 KB instead of 40 B costs.
  const sameBytes = { body: new TextEncoder().encode(JSON.stringify(await caller.forecast.get({ symbol: symbolOf(0), interval: '1m', horizon: 30 }))) };
  const http = await startHttp(counting, { responseCache: true, sameBytes });
  // The same handler without a response cache: every warm call parses, validates and serialises (the path before it).
  const full = await startHttp(counting, { responseCache: false });
  const agent = new Agent({ keepAlive: true, maxSockets: HTTP_CONCURRENCY });
  const get = (path: string, base = http.base) =>
    new Promise<void>((resolve, reject) => {
      httpGet(`${base}${path}`, { agent }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`GET ${path}: ${res.statusCode}`))));
      }).on('error', reject);
    });
  const forecastPath = (i: number) => `/api/v1/assets/${symbolOf(i)}/forecast?interval=1m&horizon=30`;
  try {
    await closedLoop(HTTP_REQUESTS / 4, HTTP_CONCURRENCY, () => get('/api/health')); // warm-up
    await closedLoop(HTTP_REQUESTS / 4, HTTP_CONCURRENCY, (i) => get(forecastPath(i)));
    await closedLoop(HTTP_REQUESTS / 4, HTTP_CONCURRENCY, (i) => get(forecastPath(i), full.base));
    // Rounds of (trivial, warm) back to back: the machine's load moves within a run, so each round's ratio
    // compares neighbours and the median round is reported.
    const ratios: number[] = [];
    const fullRatios: number[] = [];
    const bytesRatios: number[] = [];
    const line = (name: string, r: LoadResult) => `${name} ${r.perSecond.toFixed(0)} req/s p50 ${r.p50.toFixed(2)} ms p99 ${r.p99.toFixed(2)} ms`;
    for (let round = 1; round <= HTTP_ROUNDS; round++) {
      const trivial = await closedLoop(HTTP_REQUESTS, HTTP_CONCURRENCY, () => get('/api/health'));
      for (const symbol of symbols) await caller.forecast.get({ symbol, interval: '1m', horizon: 30 }); // a fresh minute for each
      computed = 0;
      http.stored.hits = 0;
      const forecasts = await closedLoop(HTTP_REQUESTS, HTTP_CONCURRENCY, (i) => get(forecastPath(i)));
      const storedHits = http.stored.hits;
      const bytes = await closedLoop(HTTP_REQUESTS, HTTP_CONCURRENCY, () => get('/bench/same-bytes'));
      bytesRatios.push(forecasts.perSecond / bytes.perSecond);
      const fullPath = await closedLoop(HTTP_REQUESTS, HTTP_CONCURRENCY, (i) => get(forecastPath(i), full.base));
      ratios.push(forecasts.perSecond / trivial.perSecond);
      fullRatios.push(fullPath.perSecond / trivial.perSecond);
      console.log(
        `forecast: ${label}: HTTP round ${round}: ${line('GET /api/health', trivial)} | ${line('forecast warm', forecasts)} ` +
          `(${storedHits} from the response cache) | ${line(`static ${sameBytes.body.byteLength} B`, bytes)} | ${line('forecast warm, no response cache', fullPath)} (${computed} computed in the round)`,
      );
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
    const list = (xs: number[]) => xs.map((r) => r.toFixed(2)).join(', ');
    console.log(`forecast: ${label}: HTTP warm/trivial throughput ratio ${median(ratios).toFixed(2)} (median of ${HTTP_ROUNDS} rounds: ${list(ratios)}; target ≥ 0.8; concurrency ${HTTP_CONCURRENCY}, ${HTTP_REQUESTS} requests each)`);
    console.log(`forecast: ${label}: HTTP warm/trivial without the response cache ${median(fullRatios).toFixed(2)} (rounds: ${list(fullRatios)})`);
    console.log(`forecast: ${label}: HTTP warm / a static route sending the same ${sameBytes.body.byteLength} bytes ${median(bytesRatios).toFixed(2)} (rounds: ${list(bytesRatios)})`);
  } finally {
    agent.destroy();
    await http.close();
    await full.close();
  }
}

if (LATENCY) {
  await latency('PGlite', infra, catalogue.map((a) => a.symbol));
  const [stored] = await queryRows<{ n: number }>(infra.db, sql`select count(*)::int as n from forecast_model_cards`);
  console.log(`forecast: stored model cards: ${stored!.n}`);
}
await infra.close();

// The same on a Postgres server, when one is given: a scratch database, 3 days of candles per asset.
const PG_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (LATENCY && PG_URL) {
  const name = `pt_bench_forecast_${Date.now()}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  const handle = await openNodePostgres(url.toString(), { max: 10 });
  const onPg: Infra = {
    db: handle.db, dbDriver: handle.driver, cache: createMemoryCache(), bus: createMemoryBus(), ratelimit: createMemoryRateLimiter(),
    clock: systemClock, logger, close: handle.close,
  };
  try {
    await seedAssets(onPg.db);
    const pgAssets = await onPg.db.select().from(assets).orderBy(assets.symbol);
    for (const asset of pgAssets) await backfillAsset(onPg.db, asset, { endMs: END_MS, days: 3, anchorPrice: asset.basePrice, seed: 1 });
    await analyzeMarketTables(onPg.db);
    for (const asset of pgAssets) await computeModelCard(onPg.db, asset.symbol, '1m', new Date(END_MS));
    await latency('Postgres', onPg, pgAssets.map((a) => a.symbol));
  } finally {
    await handle.close();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
} else if (LATENCY) {
  console.log('forecast: Postgres: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)');
}
