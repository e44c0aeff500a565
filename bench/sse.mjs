// bench/sse — live-price fan-out on `next start` (local profile: simulator → ingest → bus → PriceHub →
// GET /api/v1/stream/prices) against a raw node:http SSE broadcaster (bench/sse-baseline.mjs) at the same
// tick rate, with the same light raw-socket clients, at 1k / 5k / 10k concurrent connections.
// Prints delivered messages/s, publish→client latency p50/p99 (from the `<ms>-<seq>` event id, stamped at
// bus publish), the ratio next/raw and server memory per connection. Targets: ratio ≥ 0.5, p99 < 150 ms at 10k.
import { fork } from 'node:child_process';
import net from 'node:net';
import { cpuSecondsOf, pct, rssOf, startNext, fmt } from './lib.mjs';

const LEVELS = (process.env.BENCH_SSE_LEVELS ?? '1000,5000,10000').split(',').map(Number);
const MEASURE_MS = Number(process.env.BENCH_SSE_MEASURE_MS ?? 8_000);
/** One client in SAMPLE_EVERY parses ids for latency; the rest only count events (keeps the load generator light). */
const SAMPLE_EVERY = 20;
/** A saturated server accepts slowly: stop connecting after this long and measure the clients that made it. */
const CONNECT_CAP_MS = Number(process.env.BENCH_SSE_CONNECT_S ?? 150) * 1000;
const PRICE = Buffer.from('event: price');
const ID_RE = /\nid: (\d+)-/g;

let counted = 0;
let latencies = [];

function connect(port, path, n, sampled) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let open = false;
    socket.setNoDelay(true);
    socket.on('connect', () => {
      const ip = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nX-Forwarded-For: ${ip}\r\n\r\n`);
    });
    socket.on('data', (chunk) => {
      if (!open) {
        open = true;
        if (!chunk.subarray(0, 12).toString().includes(' 200')) return reject(new Error(`status: ${chunk.subarray(0, 80)}`));
        resolve(socket);
      }
      for (let i = chunk.indexOf(PRICE); i !== -1; i = chunk.indexOf(PRICE, i + PRICE.length)) counted++;
      if (sampled) {
        const now = Date.now();
        for (const m of chunk.toString('latin1').matchAll(ID_RE)) latencies.push(now - Number(m[1]));
      }
    });
    socket.on('error', (e) => (open ? undefined : reject(e)));
  });
}

async function connectAll(port, path, count) {
  const sockets = [];
  const BATCH = 250;
  const deadline = Date.now() + CONNECT_CAP_MS;
  for (let i = 0; i < count && Date.now() < deadline; i += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, count - i) }, (_, k) => connect(port, path, i + k + 1, (i + k) % SAMPLE_EVERY === 0));
    sockets.push(...(await Promise.all(batch)));
  }
  return sockets;
}

async function measure(label, port, path, pid, wanted, rss0) {
  const started = performance.now();
  const sockets = await connectAll(port, path, wanted);
  const count = sockets.length;
  const connectS = (performance.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 2_000));
  counted = 0;
  latencies = [];
  const t0 = performance.now();
  const cpu0 = cpuSecondsOf(pid);
  await new Promise((r) => setTimeout(r, MEASURE_MS));
  const elapsed = (performance.now() - t0) / 1000;
  const perSecond = counted / elapsed;
  const cpu = (100 * (cpuSecondsOf(pid) - cpu0)) / elapsed;
  const lat = latencies.sort((a, b) => a - b);
  const rss = rssOf(pid);
  for (const s of sockets) s.destroy();
  await new Promise((r) => setTimeout(r, 2_000));
  const row = {
    label,
    count,
    perSecond,
    p50: pct(lat, 50) ?? NaN,
    p99: pct(lat, 99) ?? NaN,
    kbPerConn: (rss - rss0) / count / 1024,
    connectS,
    cpu,
  };
  console.log(
    `sse: ${label.padEnd(4)} ${String(count).padStart(5)}/${wanted} clients: ${fmt(perSecond).padStart(8)} msg/s  p50 ${fmt(row.p50)} ms  p99 ${fmt(row.p99)} ms  ` +
      `server CPU ${fmt(cpu)} %  mem ${fmt(row.kbPerConn, 1)} KiB/conn  (connected in ${fmt(connectS, 1)} s)`,
  );
  return row;
}

async function tickRate(port, path) {
  const [socket] = await connectAll(port, path, 1);
  counted = 0;
  await new Promise((r) => setTimeout(r, 3_000));
  socket.destroy();
  return counted / 3;
}

const next = await startNext({ port: 3471 });
const rate = await tickRate(3471, '/api/v1/stream/prices');
console.log(`sse: simulator rate ≈ ${fmt(rate)} ticks/s; raw baseline runs at the same rate`);
const raw = fork('bench/sse-baseline.mjs', { env: { ...process.env, PORT: '3472', TICKS_PER_SECOND: String(rate) } });
await new Promise((r) => raw.once('message', r));
try {
  const nextRss0 = rssOf(next.pid);
  const rawRss0 = rssOf(raw.pid);
  for (const n of LEVELS) {
    const a = await measure('next', 3471, '/api/v1/stream/prices', next.pid, n, nextRss0);
    // The baseline gets the same number of clients the Next server actually took.
    const b = await measure('raw', 3472, '/', raw.pid, a.count, rawRss0);
    console.log(
      `sse: ${a.count} clients: ratio next/raw ${fmt(a.perSecond / b.perSecond, 2)} (target ≥ 0.5)` +
        `${n === 10_000 ? `; next p99 ${fmt(a.p99)} ms (target < 150 ms)` : ''}${a.count < n ? `; only ${a.count} of ${n} connected within the cap` : ''}`,
    );
  }
} finally {
  raw.kill();
  await next.stop();
}
