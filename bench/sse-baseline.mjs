// The raw baseline for bench/sse: a bare node:http SSE broadcaster with the same tick rate and frame
// cadence as the simulator (TICKS_PER_SECOND, one frame per 100 ms), pre-encoding each frame once and
// writing the same buffer to every client — the least work an SSE fan-out can do.
import http from 'node:http';

const port = Number(process.env.PORT);
const rate = Number(process.env.TICKS_PER_SECOND ?? 90);
const FRAME_MS = 100;
const SYMBOLS = ['BTC', 'ETH', 'SOL', 'DOGE', 'PEPE', 'AAPL', 'NVDA', 'TSLA'];
const clients = new Set();
let lastMs = 0;
let seq = 0;
let owed = 0;

http
  .createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform' });
    res.write('retry: 1000\n\n');
    clients.add(res);
    req.on('close', () => clients.delete(res));
  })
  .listen(port, '127.0.0.1', () => process.send?.('ready'));

setInterval(() => {
  owed += (rate * FRAME_MS) / 1000;
  let text = '';
  for (; owed >= 1; owed--) {
    const now = Date.now();
    seq = now > lastMs ? 0 : seq + 1;
    lastMs = Math.max(now, lastMs);
    const symbol = SYMBOLS[Math.floor(Math.random() * SYMBOLS.length)];
    const tick = { symbol, price: (100 + Math.random()).toFixed(2), ts: now, change24h: null };
    text += `event: price\nid: ${lastMs}-${seq}\ndata: ${JSON.stringify(tick)}\n\n`;
  }
  if (!text) return;
  const frame = Buffer.from(text);
  for (const res of clients) res.write(frame);
}, FRAME_MS);
