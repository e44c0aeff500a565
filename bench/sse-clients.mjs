// A share of bench/sse's clients, in its own process so that parsing thousands of streams does not make
// one load-generator event loop the bottleneck (or the source of the measured latency). Driven over IPC:
//   { op: 'connect', port, path, from, count, deadline } → { op: 'connected', open, refused, errors }
//   { op: 'reset' } → counters zeroed;  { op: 'report' } → { op: 'report', counted, latencies, open }
//   { op: 'close' } → every socket destroyed → { op: 'closed' }
import net from 'node:net';

/** One client in SAMPLE_EVERY parses ids for latency; the rest only count events. */
const SAMPLE_EVERY = 20;
/** Connects in flight at once: a sliding window, so one slow accept does not hold back a whole batch. */
const WINDOW = Number(process.env.BENCH_SSE_WINDOW ?? 32);
const PRICE = Buffer.from('event: price');
const ID_RE = /\nid: (\d+)-/g;

const sockets = new Set();
let counted = 0;
let latencies = [];

/** Resolves 'open' on a 200 with an event stream, else the failure ('refused' = an HTTP error status). */
function connect(port, path, n) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const sampled = n % SAMPLE_EVERY === 0;
    let open = false;
    socket.setNoDelay(true);
    socket.on('connect', () => {
      // Distinct client addresses, as behind a proxy: per-IP limits apply to each simulated user, not to all.
      const ip = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nX-Forwarded-For: ${ip}\r\n\r\n`);
    });
    socket.on('data', (chunk) => {
      if (!open) {
        if (!chunk.subarray(0, 13).toString('latin1').includes(' 200')) {
          socket.destroy();
          return resolve('refused');
        }
        open = true;
        sockets.add(socket);
        resolve('open');
      }
      for (let i = chunk.indexOf(PRICE); i !== -1; i = chunk.indexOf(PRICE, i + PRICE.length)) counted++;
      if (sampled) {
        const now = Date.now();
        for (const m of chunk.toString('latin1').matchAll(ID_RE)) latencies.push(now - Number(m[1]));
      }
    });
    socket.on('error', () => (open ? undefined : resolve('error')));
    socket.on('close', () => {
      sockets.delete(socket);
      if (!open) resolve('error');
    });
  });
}

/** Opens `count` clients, retrying refusals and errors with backoff until `deadline` (epoch ms). */
async function connectAll({ port, path, from, count, deadline }) {
  const stats = { refused: 0, errors: 0 };
  const todo = Array.from({ length: count }, (_, k) => ({ n: from + k, backoff: 250 }));
  async function lane() {
    for (let job = todo.shift(); job && Date.now() < deadline; job = todo.shift()) {
      const result = await connect(port, path, job.n);
      if (result === 'open') continue;
      stats[result === 'refused' ? 'refused' : 'errors']++;
      await new Promise((r) => setTimeout(r, job.backoff));
      todo.push({ n: job.n, backoff: Math.min(job.backoff * 2, 4_000) });
    }
  }
  await Promise.all(Array.from({ length: WINDOW }, lane));
  return { open: sockets.size, ...stats };
}

process.on('message', async (msg) => {
  if (msg.op === 'connect') process.send({ op: 'connected', ...(await connectAll(msg)) });
  else if (msg.op === 'reset') {
    counted = 0;
    latencies = [];
  } else if (msg.op === 'report') process.send({ op: 'report', counted, latencies, open: sockets.size });
  else if (msg.op === 'close') {
    for (const s of sockets) s.destroy();
    sockets.clear();
    process.send({ op: 'closed' });
  }
});
process.on('disconnect', () => process.exit(0));
process.send({ op: 'ready' });
