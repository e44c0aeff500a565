// The SSE benches' load generator: BENCH_SSE_WORKERS child processes (bench/sse-clients.mjs) holding the
// client sockets, so parsing thousands of streams never makes one event loop the bottleneck. Each client
// gets a distinct number (hence a distinct X-Forwarded-For address) across every connect call.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { pct } from './lib.mjs';

export async function startSsePool({ workers: count = Number(process.env.BENCH_SSE_WORKERS ?? 4) } = {}) {
  const workers = await Promise.all(
    Array.from({ length: count }, async () => {
      const child = fork('bench/sse-clients.mjs');
      await once(child, 'message');
      return child;
    }),
  );
  let next = 1;

  /** Sends a command (or one per worker, from a function of its index) and collects each one's reply. */
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

  return {
    size: count,
    /** Opens `total` more streams on port + path, spread over the workers; stops trying after `capMs`. */
    async connect(port, path, total, capMs) {
      const deadline = Date.now() + capMs;
      const share = (i) => Math.floor(total / count) + (i < total % count ? 1 : 0);
      const first = next;
      next += total;
      const from = (i) => first + Array.from({ length: i }, (_, k) => share(k)).reduce((a, b) => a + b, 0);
      const replies = await all((i) => ({ op: 'connect', port, path, from: from(i), count: share(i), deadline }), 'connected');
      return replies.reduce((a, r) => ({ refused: a.refused + r.refused, errors: a.errors + r.errors }), { refused: 0, errors: 0 });
    },
    /** Zeroes the counters: what follows is one measurement window. */
    reset: () => all({ op: 'reset' }),
    /** Since reset: price events received, open streams, and latency percentiles (ms) of the sampled clients. */
    async report() {
      const reports = await all({ op: 'report' }, 'report');
      const latencies = reports.flatMap((r) => r.latencies).sort((a, b) => a - b);
      return {
        counted: reports.reduce((a, r) => a + r.counted, 0),
        open: reports.reduce((a, r) => a + r.open, 0),
        p50: pct(latencies, 50) ?? NaN,
        p99: pct(latencies, 99) ?? NaN,
      };
    },
    /** Destroys every stream. */
    close: () => all({ op: 'close' }, 'closed'),
    stop() {
      for (const w of workers) w.kill();
    },
  };
}
