// bench/read — market.snapshot (tRPC, cache-backed) and a warm REST forecast (`GET /api/v1/assets/BTC/forecast`,
// the response the route keeps for its 60 s) requests/s against a trivial Next.js route handler (/api/health) on
// the same `next start`, same client, same run; and the market cache hit ratio.
// Targets: each ratio ≥ 0.8, hit ratio ≥ 99 %.
import http from 'node:http';
import { startNext, fmt } from './lib.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);

/** Closed-loop load: CONCURRENCY keep-alive requests in flight for SECONDS; returns requests/s. */
async function load(url, seconds) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  let done = 0;
  let failed = 0;
  const until = Date.now() + seconds * 1000;
  const one = () =>
    new Promise((resolve) => {
      http
        .get(url, { agent }, (res) => {
          if (res.statusCode !== 200) failed++;
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
  return { rps: done / ((performance.now() - started) / 1000), failed };
}

const trpcGet = (base, path, input) =>
  `${base}/api/trpc/node/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`}`;

const server = await startNext({ port: 3461 });
try {
  const snapshotUrl = trpcGet(server.url, 'market.snapshot', undefined);
  const healthUrl = `${server.url}/api/health`;
  const forecastUrl = `${server.url}/api/v1/assets/BTC/forecast?interval=1m&horizon=30`;
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
  // Health again right before the forecast: the machine's load moves within a run.
  const baseline2 = await load(healthUrl, SECONDS);
  const forecast = await load(forecastUrl, SECONDS);
  const hits = after.hits - before.hits;
  const misses = after.misses - before.misses;
  console.log(`read: trivial route handler /api/health: ${fmt(baseline.rps)} req/s (failed ${baseline.failed})`);
  console.log(`read: market.ping (tRPC + context floor): ${fmt(ping.rps)} req/s (failed ${ping.failed})`);
  console.log(`read: market.snapshot (all assets):       ${fmt(snapshot.rps)} req/s (failed ${snapshot.failed})`);
  console.log(`read: ratio ${fmt(snapshot.rps / baseline.rps, 2)} (target ≥ 0.8); concurrency ${CONCURRENCY}, ${SECONDS} s each`);
  console.log(`read: /api/health again: ${fmt(baseline2.rps)} req/s (failed ${baseline2.failed}); warm REST forecast BTC 1m×30: ${fmt(forecast.rps)} req/s (failed ${forecast.failed})`);
  console.log(`read: forecast ratio ${fmt(forecast.rps / baseline2.rps, 2)} (target ≥ 0.8, issue 14: a warm forecast through next start against the trivial route)`);
  console.log(`read: cache hits ${hits}, misses ${misses}, hit ratio ${fmt((100 * hits) / Math.max(1, hits + misses), 2)} % (target ≥ 99 %)`);
} finally {
  await server.stop();
}
