// bench/sse — live-price fan-out on `next start` (local profile: simulator → ingest → bus → PriceHub →
// GET /api/v1/stream/prices) against a raw node:http SSE broadcaster (bench/sse-baseline.mjs) at the same
// tick rate, with the same light raw-socket clients, at 1k / 5k / 10k concurrent connections.
// Prints delivered messages/s, publish→client latency p50/p99 (from the `<ms>-<seq>` event id, stamped at
// bus publish), the ratio next/raw and server memory per connection. Targets: ratio ≥ 0.5, p99 < 150 ms at 10k.
// The clients live in BENCH_SSE_WORKERS child processes (bench/sse-clients.mjs), the same ones for both servers.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { cpuSecondsOf, rssOf, startNext, fmt } from './lib.mjs';
import { startSsePool } from './sse-pool.mjs';

const LEVELS = (process.env.BENCH_SSE_LEVELS ?? '1000,5000,10000').split(',').map(Number);
const MEASURE_MS = Number(process.env.BENCH_SSE_MEASURE_MS ?? 8_000);
/** A saturated server accepts slowly: stop connecting after this long and measure the clients that made it. */
const CONNECT_CAP_MS = Number(process.env.BENCH_SSE_CONNECT_S ?? 150) * 1000;

const pool = await startSsePool();

async function measure(label, port, path, pid, wanted, rss0) {
  const started = performance.now();
  const { refused, errors } = await pool.connect(port, path, wanted, CONNECT_CAP_MS);
  const connectS = (performance.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 2_000));
  await pool.reset();
  const t0 = performance.now();
  const cpu0 = cpuSecondsOf(pid);
  await new Promise((r) => setTimeout(r, MEASURE_MS));
  const { counted, open: count, p50, p99 } = await pool.report();
  const elapsed = (performance.now() - t0) / 1000;
  const cpu = (100 * (cpuSecondsOf(pid) - cpu0)) / elapsed;
  const rss = rssOf(pid);
  await pool.close();
  await new Promise((r) => setTimeout(r, 3_000));
  const row = {
    label,
    count,
    perSecond: counted / elapsed,
    p50,
    p99,
    kbPerConn: (rss - rss0) / Math.max(1, count) / 1024,
    connectS,
    cpu,
  };
  console.log(
    `sse: ${label.padEnd(4)} ${String(count).padStart(5)}/${wanted} clients: ${fmt(row.perSecond).padStart(8)} msg/s  p50 ${fmt(row.p50)} ms  p99 ${fmt(row.p99)} ms  ` +
      `server CPU ${fmt(cpu)} %  mem ${fmt(row.kbPerConn, 1)} KiB/conn  (connected ${count} in ${fmt(connectS, 1)} s; ` +
      `${refused} refused, ${errors} socket errors, retried)`,
  );
  return row;
}

async function tickRate(port, path) {
  await pool.connect(port, path, 1, 10_000);
  await pool.reset();
  await new Promise((r) => setTimeout(r, 3_000));
  const { counted } = await pool.report();
  await pool.close();
  return counted / 3;
}

const next = await startNext({ port: 3471 });
let raw;
try {
  const rate = await tickRate(3471, '/api/v1/stream/prices');
  console.log(`sse: simulator rate ≈ ${fmt(rate)} ticks/s; raw baseline runs at the same rate; clients in ${pool.size} processes`);
  raw = fork('bench/sse-baseline.mjs', { env: { ...process.env, PORT: '3472', TICKS_PER_SECOND: String(rate) } });
  await once(raw, 'message');
  const nextRss0 = rssOf(next.pid);
  const rawRss0 = rssOf(raw.pid);
  for (const n of LEVELS) {
    const a = await measure('next', 3471, '/api/v1/stream/prices', next.pid, n, nextRss0);
    // The baseline gets the same number of clients the Next server actually held.
    const b = await measure('raw', 3472, '/', raw.pid, a.count, rawRss0);
    console.log(
      `sse: ${a.count} clients: ratio next/raw ${fmt(a.perSecond / b.perSecond, 2)} (target ≥ 0.5)` +
        `${n === 10_000 ? `; next p99 ${fmt(a.p99)} ms (target < 150 ms)` : ''}${a.count < n ? `; only ${a.count} of ${n} connected within the cap` : ''}`,
    );
  }
} finally {
  raw?.kill();
  pool.stop();
  await next.stop();
}
