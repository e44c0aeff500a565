// bench/sse — live-price fan-out on `next start` (local profile: simulator → ingest → bus → PriceHub →
// GET /api/v1/stream/prices) against a raw node:http SSE broadcaster (bench/sse-baseline.mjs) at the same
// tick rate, with the same light raw-socket clients, at 1k / 5k / 10k concurrent connections.
// Prints delivered messages/s, publish→client latency p50/p99 (from the `<ms>-<seq>` event id, stamped at
// bus publish), the ratio next/raw and server memory per connection. Targets: ratio ≥ 0.5, p99 < 150 ms at 10k.
// The clients live in BENCH_SSE_WORKERS child processes (bench/sse-clients.mjs), the same ones for both servers.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { cpuSecondsOf, pct, rssOf, startNext, fmt } from './lib.mjs';

const LEVELS = (process.env.BENCH_SSE_LEVELS ?? '1000,5000,10000').split(',').map(Number);
const MEASURE_MS = Number(process.env.BENCH_SSE_MEASURE_MS ?? 8_000);
const WORKERS = Number(process.env.BENCH_SSE_WORKERS ?? 4);
/** A saturated server accepts slowly: stop connecting after this long and measure the clients that made it. */
const CONNECT_CAP_MS = Number(process.env.BENCH_SSE_CONNECT_S ?? 150) * 1000;

const workers = await Promise.all(
  Array.from({ length: WORKERS }, async () => {
    const child = fork('bench/sse-clients.mjs');
    await once(child, 'message');
    return child;
  }),
);

/** Sends a command to every worker and collects each one's reply. */
function all(msg, reply) {
  return Promise.all(
    workers.map(
      (w, i) =>
        new Promise((resolve) => {
          if (!reply) return resolve(w.send(typeof msg === 'function' ? msg(i) : msg));
          const on = (m) => m.op === reply && (w.off('message', on), resolve(m));
          w.on('message', on);
          w.send(typeof msg === 'function' ? msg(i) : msg);
        }),
    ),
  );
}

async function connectAll(port, path, count) {
  const deadline = Date.now() + CONNECT_CAP_MS;
  const share = (i) => Math.floor(count / WORKERS) + (i < count % WORKERS ? 1 : 0);
  const from = (i) => 1 + Array.from({ length: i }, (_, k) => share(k)).reduce((a, b) => a + b, 0);
  const replies = await all((i) => ({ op: 'connect', port, path, from: from(i), count: share(i), deadline }), 'connected');
  return replies.reduce((a, r) => ({ open: a.open + r.open, refused: a.refused + r.refused, errors: a.errors + r.errors }), { open: 0, refused: 0, errors: 0 });
}

async function measure(label, port, path, pid, wanted, rss0) {
  const started = performance.now();
  const { open, refused, errors } = await connectAll(port, path, wanted);
  const connectS = (performance.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 2_000));
  await all({ op: 'reset' });
  const t0 = performance.now();
  const cpu0 = cpuSecondsOf(pid);
  await new Promise((r) => setTimeout(r, MEASURE_MS));
  const reports = await all({ op: 'report' }, 'report');
  const elapsed = (performance.now() - t0) / 1000;
  const cpu = (100 * (cpuSecondsOf(pid) - cpu0)) / elapsed;
  const rss = rssOf(pid);
  const counted = reports.reduce((a, r) => a + r.counted, 0);
  const count = reports.reduce((a, r) => a + r.open, 0);
  const lat = reports.flatMap((r) => r.latencies).sort((a, b) => a - b);
  await all({ op: 'close' }, 'closed');
  await new Promise((r) => setTimeout(r, 3_000));
  const row = {
    label,
    count,
    perSecond: counted / elapsed,
    p50: pct(lat, 50) ?? NaN,
    p99: pct(lat, 99) ?? NaN,
    kbPerConn: (rss - rss0) / Math.max(1, count) / 1024,
    connectS,
    cpu,
  };
  console.log(
    `sse: ${label.padEnd(4)} ${String(count).padStart(5)}/${wanted} clients: ${fmt(row.perSecond).padStart(8)} msg/s  p50 ${fmt(row.p50)} ms  p99 ${fmt(row.p99)} ms  ` +
      `server CPU ${fmt(cpu)} %  mem ${fmt(row.kbPerConn, 1)} KiB/conn  (connected ${open} in ${fmt(connectS, 1)} s; ` +
      `${refused} refused, ${errors} socket errors, retried)`,
  );
  return row;
}

async function tickRate(port, path) {
  await all((i) => ({ op: 'connect', port, path, from: 1, count: i === 0 ? 1 : 0, deadline: Date.now() + 10_000 }), 'connected');
  await all({ op: 'reset' });
  await new Promise((r) => setTimeout(r, 3_000));
  const [report] = await all({ op: 'report' }, 'report');
  await all({ op: 'close' }, 'closed');
  return report.counted / 3;
}

const next = await startNext({ port: 3471 });
let raw;
try {
  const rate = await tickRate(3471, '/api/v1/stream/prices');
  console.log(`sse: simulator rate ≈ ${fmt(rate)} ticks/s; raw baseline runs at the same rate; clients in ${WORKERS} processes`);
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
  for (const w of workers) w.kill();
  await next.stop();
}
