// `npm run bench [-- name…]`: runs each bench (default: all) in its own process, with the
// file-descriptor limit raised for the SSE bench's thousands of sockets.
// `npm run bench -- --smoke [name…]`: each bench at a tiny size, in seconds, so CI sees a bench that no longer
// runs. No figure is judged: a smoke run passes when the bench exits 0 and printed its figures line. A bench
// whose database, Redis, browser or build is missing is skipped with a message.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { buildIsCurrent, ensureBuild } from '../scripts/ensure-build.mjs';

// tsx under the `react-server` condition, as Next loads server code: `server-only` modules then import.
const TSX = 'node --conditions=react-server --import tsx';
const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium';

/**
 * cmd: how to run it. needs: what it cannot run without. smoke: the env for a tiny run. figures: the line a
 * run must print (the bench's summary figure).
 */
const BENCHES = {
  ingest: {
    cmd: `${TSX} bench/ingest.ts`,
    smoke: { BENCH_TICKS: '2000', BENCH_BATCH: '500', BENCH_CANDLE_DAYS: '2', BENCH_QUERIES: '5' },
    figures: /ingest: \d+ ticks\/s[\s\S]*candles: 1h/,
  },
  'ingest-live': {
    cmd: `${TSX} bench/ingest-live.ts`,
    smoke: { BENCH_TICKS: '2000', BENCH_BATCH: '500', BENCH_ROUNDS: '1' },
    figures: /ingest-live: \d+ ticks\/s over the WebSocket feed .*\| ratio [\d.]+/,
  },
  backtest: {
    cmd: `${TSX} bench/backtest.ts`,
    smoke: { BENCH_BACKTEST_REPEATS: '1' },
    figures: /strategy loop: +[\d,]+ bars\/s/,
  },
  forecast: {
    cmd: `${TSX} bench/forecast.ts`,
    smoke: { BENCH_FORECAST_DAYS: '2', BENCH_FORECAST_CALLS: '50', BENCH_FORECAST_HTTP: '200' },
    figures: /forecast: PGlite: HTTP warm\/trivial throughput ratio [\d.]+/,
  },
  read: {
    cmd: 'node bench/read.mjs',
    needs: ['build'],
    smoke: { BENCH_SECONDS: '1', BENCH_CONCURRENCY: '4', BENCH_ROUNDS: '1' },
    figures: /read: ratio [\d.]+[\s\S]*read: forecast ratio [\d.]+/,
  },
  sse: {
    cmd: 'node bench/sse.mjs',
    needs: ['build'],
    smoke: { BENCH_SSE_LEVELS: '20', BENCH_SSE_MEASURE_MS: '1000', BENCH_SSE_CONNECT_S: '20', BENCH_SSE_WORKERS: '1' },
    figures: /sse: \d+ clients: ratio next\/raw [\d.]+/,
  },
  'sse-cloud': {
    cmd: 'node bench/sse-cloud.mjs',
    needs: ['build', 'postgres', 'redis-server'],
    smoke: { BENCH_SSE_CLIENTS: '20', BENCH_SSE_MEASURE_MS: '1000', BENCH_SSE_WORKERS: '1' },
    figures: /sse-cloud: delivered cloud\/local [\d.]+/,
  },
  faults: {
    cmd: `${TSX} bench/faults.ts`,
    needs: ['build', 'postgres', 'redis'],
    smoke: { BENCH_SECONDS: '1', BENCH_CLIENTS: '2' },
    figures: /faults: prices p99 during Redis outage [\d.]+ ms .*\| ratio [\d.]+/,
  },
  'bus-cloud': {
    cmd: `${TSX} bench/bus-cloud.mts`,
    needs: ['redis'],
    smoke: { BENCH_SECONDS: '1' },
    figures: /1000 subscribers: \d+ published/,
  },
  orders: {
    cmd: `${TSX} bench/orders.ts`,
    smoke: { ORDERS: '40', CONCURRENCY: '1,4', ACCOUNTS: '4' },
    figures: /PGlite +concurrency +4: +\d+ orders\/s .*\| ratio [\d.]+/,
  },
  'orders-http': {
    cmd: `${TSX} bench/orders-http.ts`,
    needs: ['auth-secret'],
    smoke: { ORDERS: '40', CONCURRENCY: '1,4' },
    figures: /HTTP PGlite +concurrency +4: +\d+ orders\/s .*\| ratio [\d.]+/,
  },
  'orders-profile': {
    cmd: `${TSX} bench/orders-profile.ts`,
    smoke: { ORDERS: '40' },
    figures: /market order: \d+\/s/,
  },
  alerts: {
    cmd: `${TSX} bench/alerts.ts`,
    smoke: { BENCH_ALERTS: '2000', BENCH_ALERT_TICKS: '5000', BENCH_ALERT_PROBES: '10' },
    figures: /alerts: evaluator [\d,]+ ticks\/s .*\| ratio [\d.]+[\s\S]*p99 [\d.]+ ms/,
  },
  'prices-outage': {
    cmd: `${TSX} bench/prices-outage.ts`,
    smoke: { DURATION_S: '5', CONCURRENCY: '2', UNGUARDED_REQUESTS: '1' },
    figures: /prices-outage: p99 [\d.]+ ms with Redis down .*\| ratio [\d.]+/,
  },
  tokens: {
    cmd: `${TSX} bench/tokens.ts`,
    smoke: { READERS: '20', DURATION_S: '2', RATIO_REQUESTS: '200' },
    figures: /tokens\.list \(\d+ tokens\) \d+\/s .*\| ratio [\d.]+/,
  },
  lighthouse: {
    cmd: 'node bench/lighthouse.mjs',
    needs: ['build', 'chromium'],
    smoke: { BENCH_LH_RUNS: '1' },
    figures: /lighthouse: \/dashboard +score +\d+/,
  },
  'first-load-js': {
    cmd: 'node bench/first-load-js.mjs',
    needs: ['build'],
    figures: /first-load-js: framework chunks .* KiB gzip/,
  },
  'main-thread': {
    cmd: 'node bench/main-thread.mjs',
    needs: ['build', 'chromium'],
    smoke: { BENCH_MT_SECONDS: '1', BENCH_MT_CANDLES: '1000' },
    figures: /main-thread: \d+ ticks\/s \([\d.]+ received\)/,
  },
};

const onPath = (binary) => (process.env.PATH ?? '').split(path.delimiter).some((dir) => existsSync(path.join(dir, binary)));

/** Why a bench cannot run here (in a smoke run), or null. A full run builds when the build is stale. */
function missing(need, smoke) {
  switch (need) {
    case 'build':
      return smoke && !buildIsCurrent() ? 'no current `next build` (run `npx next build` first)' : null;
    case 'postgres':
      return smoke && !(process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL) ? 'no TEST_DATABASE_URL' : null;
    case 'redis':
      return smoke && !process.env.TEST_REDIS_URL ? 'no TEST_REDIS_URL' : null;
    case 'redis-server':
      return !process.env.BENCH_REDIS_URL && !onPath('redis-server') ? 'no redis-server on PATH (or BENCH_REDIS_URL)' : null;
    case 'chromium':
      return existsSync(CHROME) ? null : `no Chromium at ${CHROME} (CHROME_PATH)`;
    case 'auth-secret':
      return null; // a smoke run brings its own; a full run leaves the bench to say so
    default:
      throw new Error(`unknown need ${need}`);
  }
}

function runBench(bench, env, keepOutput) {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', `ulimit -n 65536 2>/dev/null || ulimit -n $(ulimit -Hn); exec ${bench.cmd}`], {
      env: { ...process.env, ...env },
      stdio: ['ignore', keepOutput ? 'pipe' : 'inherit', 'inherit'],
    });
    let output = '';
    child.stdout?.on('data', (chunk) => {
      process.stdout.write(chunk);
      output += chunk;
    });
    child.on('exit', (code) => resolve({ code, output }));
  });
}

const args = process.argv.slice(2);
const smoke = args.includes('--smoke');
const names = args.filter((a) => a !== '--smoke');
const chosen = names.length ? names : Object.keys(BENCHES);
for (const name of chosen) {
  if (!BENCHES[name]) throw new Error(`unknown bench ${name}; have ${Object.keys(BENCHES).join(', ')}`);
}

const outcomes = [];
for (const name of chosen) {
  const bench = BENCHES[name];
  console.log(`\n=== bench/${name}${smoke ? ' (smoke)' : ''}`);
  const why = (bench.needs ?? []).map((need) => missing(need, smoke)).find(Boolean);
  if (why) {
    console.log(`bench/${name}: skipped: ${why}`);
    outcomes.push({ name, result: `skipped (${why})` });
    continue;
  }
  if (!smoke && bench.needs?.includes('build')) await ensureBuild();
  const started = performance.now();
  const env = smoke ? { AUTH_SECRET: process.env.AUTH_SECRET ?? `bench-smoke-${crypto.randomUUID()}`, ...bench.smoke } : {};
  const { code, output } = await runBench(bench, env, smoke);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const ok = code === 0 && (!smoke || bench.figures.test(output));
  const result = code !== 0 ? `failed (exit code ${code})` : ok ? 'ran' : 'failed (did not print its figures)';
  outcomes.push({ name, result: `${result} in ${seconds} s` });
}

if (smoke) {
  console.log('\n=== smoke run');
  for (const { name, result } of outcomes) console.log(`bench/${name.padEnd(15)} ${result}`);
}
process.exit(outcomes.some((o) => o.result.startsWith('failed')) ? 1 : 0);
