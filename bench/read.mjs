// bench/read — market.snapshot (tRPC, cache-backed) and a warm REST forecast (`GET /api/v1/assets/BTC/forecast`,
// the response the route keeps for its 60 s) requests/s against a trivial Next.js route handler (/api/health) on
// the same `next start`, same client, same run; and the market cache hit ratio.
// Targets: each ratio ≥ 0.8, hit ratio ≥ 99 %.
import http from 'node:http';
import { startNext, fmt } from './lib.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

/** Closed-loop load: CONCURRENCY keep-alive requests in flight for SECONDS; returns requests/s. */
async function load(url, seconds) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  let done = 0;
  let failed = 0;
  const statuses = {};
  const until = Date.now() + seconds * 1000;
  const one = () =>
    new Promise((resolve) => {
      http
        .get(url, { agent }, (res) => {
          if (res.statusCode !== 200) failed++;
          statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
          res.resume();
          res.on('end', resolve);
        })
        .on('error', () => (failed++, resolve()));
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < until) {
        await one();
        done++;
      }
    }),
  );
  agent.destroy();
  return { rps: done / ((performance.now() - started) / 1000), failed, statuses };
}

const trpcGet = (base, path, input) =>
  `${base}/api/trpc/node/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`}`;

// A day of 1m history so the forecast has candles to work from (the backfill runs in the background).
const server = await startNext({ port: 3461, env: { MARKET_BACKFILL_DAYS: '1' } });
try {
  const snapshotUrl = trpcGet(server.url, 'market.snapshot', undefined);
  const healthUrl = `${server.url}/api/health`;
  const forecastUrl = `${server.url}/api/v1/assets/BTC/forecast?interval=1m&horizon=30`;
  // Measure after the background backfill, which shares the server's thread: it runs one asset at a time in
  // symbol order, and a forecast answers 422 INSUFFICIENT_HISTORY until its asset's history is written.
  const { data: listed } = await (await fetch(`${server.url}/api/v1/assets?limit=100`)).json();
  const lastSymbol = listed.map((a) => a.symbol).sort().at(-1);
  for (const url of [forecastUrl, forecastUrl.replace('/BTC/', `/${lastSymbol}/`)]) {
    for (const until = Date.now() + 180_000; (await fetch(url)).status !== 200; ) {
      if (Date.now() > until) throw new Error(`${url} did not answer 200 within 180 s of start`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  await new Promise((r) => setTimeout(r, 2_000));
  // Warm the routes (first hits load the route bundles; the first forecast is computed, then kept).
  await load(snapshotUrl, 2);
  await load(healthUrl, 2);
  await load(forecastUrl, 2);
  const stats = async () => (await (await fetch(trpcGet(server.url, 'market.cacheStats'))).json()).result.data.json;
  const before = await stats();
  const baseline = await load(healthUrl, SECONDS);
  // tRPC's own floor on this server: the same endpoint and context, a procedure that does nothing.
  const ping = await load(trpcGet(server.url, 'market.ping'), SECONDS);
  const snapshot = await load(snapshotUrl, SECONDS);
  const after = await stats();
  // Rounds of (health, forecast) back to back, median ratio: the machine's load moves within a run.
  const rounds = [];
  for (let round = 0; round < ROUNDS; round++) {
    const health = await load(healthUrl, SECONDS);
    const forecast = await load(forecastUrl, SECONDS);
    rounds.push({ health, forecast, ratio: forecast.rps / health.rps });
  }
  const hits = after.hits - before.hits;
  const misses = after.misses - before.misses;
  console.log(`read: trivial route handler /api/health: ${fmt(baseline.rps)} req/s (failed ${baseline.failed})`);
  console.log(`read: market.ping (tRPC + context floor): ${fmt(ping.rps)} req/s (failed ${ping.failed})`);
  console.log(`read: market.snapshot (all assets):       ${fmt(snapshot.rps)} req/s (failed ${snapshot.failed})`);
  console.log(`read: ratio ${fmt(snapshot.rps / baseline.rps, 2)} (target ≥ 0.8); concurrency ${CONCURRENCY}, ${SECONDS} s each`);
  for (const [i, r] of rounds.entries()) {
    console.log(
      `read: forecast round ${i + 1}: /api/health ${fmt(r.health.rps)} req/s (failed ${r.health.failed}) | warm REST forecast BTC 1m×30 ` +
        `${fmt(r.forecast.rps)} req/s (statuses ${JSON.stringify(r.forecast.statuses)}) | ratio ${fmt(r.ratio, 2)}`,
    );
  }
  const ratios = rounds.map((r) => r.ratio).sort((a, b) => a - b);
  console.log(
    `read: forecast ratio ${fmt(ratios[Math.floor(ratios.length / 2)], 2)} (median of ${ROUNDS}; target ≥ 0.8, issue 14: a warm forecast through next start against the trivial route)`,
  );
  console.log(`read: cache hits ${hits}, misses ${misses}, hit ratio ${fmt((100 * hits) / Math.max(1, hits + misses), 2)} % (target ≥ 99 %)`);
} finally {
  await server.stop();
}
