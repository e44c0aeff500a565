// A light raw-socket SSE load generator shared by the SSE benches: thousands of connections from one
// process, counting `event: price` frames; one client in `sampleEvery` also parses the `<ms>-<seq>` ids to
// measure publish→client latency. Each connection sends its own X-Forwarded-For so per-IP stream limits see
// distinct clients, as they would in production.
import net from 'node:net';
import { pct } from './lib.mjs';

const PRICE = Buffer.from('event: price');
const ID_RE = /\nid: (\d+)-/g;

export function createSseLoad({ sampleEvery = 20 } = {}) {
  let counted = 0;
  let latencies = [];
  let opened = 0;

  function connect(port, path, n) {
    const sampled = n % sampleEvery === 0;
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

  return {
    /** Opens `count` streams on `port` + `path` in batches; gives up starting new batches after `capMs`. */
    async connectAll(port, path, count, capMs = 150_000) {
      const sockets = [];
      const BATCH = 250;
      const deadline = Date.now() + capMs;
      for (let i = 0; i < count && Date.now() < deadline; i += BATCH) {
        const batch = Array.from({ length: Math.min(BATCH, count - i) }, () => connect(port, path, ++opened));
        sockets.push(...(await Promise.all(batch)));
      }
      return sockets;
    },
    /** Zeroes the counters: what follows is one measurement window. */
    reset() {
      counted = 0;
      latencies = [];
    },
    /** Price frames received since reset, and latency percentiles (ms) of the sampled clients. */
    read() {
      const sorted = [...latencies].sort((a, b) => a - b);
      return { counted, p50: pct(sorted, 50) ?? NaN, p99: pct(sorted, 99) ?? NaN };
    },
  };
}
