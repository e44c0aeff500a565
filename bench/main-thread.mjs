// bench/main-thread — how busy the browser's main thread is on /assets/BTC holding 10,000 1m candles while
// live prices arrive; target < 20 % at 10 ticks/s. Measured in Chromium (playwright-core) from CDP
// `Performance.getMetrics` deltas (TaskDuration: all main-thread work; ScriptDuration: JS only) over a
// window, plus long tasks (> 50 ms) from a PerformanceObserver. Baseline in the same run: the idle /sign-in
// page of the same server.
//
// The simulator ticks each asset 2–6 times a second, so for 10 ticks/s a small proxy in front of
// `next start` answers the page's price stream itself with a random walk from the real last price, at
// BENCH_MT_TICKS per second, in the stream's wire format; every other request goes to the app. The page
// is also measured on the real feed. Ticks reaching the page are counted in the page.
import http from 'node:http';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { ensureBuild } from '../scripts/ensure-build.mjs';
import { fmt, resultsDir, signUpAndSignIn, startNext } from './lib.mjs';

const SECONDS = Number(process.env.BENCH_MT_SECONDS ?? 20);
const TICKS_PER_S = Number(process.env.BENCH_MT_TICKS ?? 10);
const CANDLES = Number(process.env.BENCH_MT_CANDLES ?? 10_000);
const SYMBOL = 'BTC';
/** Set to record a CPU profile of the page during the 10 ticks/s window (bench/results/main-thread.cpuprofile). */
const PROFILE = Boolean(process.env.BENCH_MT_PROFILE);
const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const CHROME_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

await ensureBuild();
// 7 days of 1m history: 10,080 candles per asset before any live ones.
const server = await startNext({ port: 3464, env: { MARKET_BACKFILL_DAYS: String(Math.ceil(CANDLES / 1440)), SEED_DEMO: 'false' } });
const upstream = new URL(server.url);
let streamMode = 'live';

const proxy = http.createServer((req, res) => {
  if (streamMode === 'synthetic' && req.url.startsWith('/api/v1/stream/prices')) return syntheticStream(req, res);
  const forward = http.request(
    { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
    (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    },
  );
  forward.on('error', () => res.destroy());
  res.on('close', () => forward.destroy());
  req.pipe(forward);
});
proxy.listen(0, '127.0.0.1');
await new Promise((r) => proxy.once('listening', r));
const proxyUrl = `http://127.0.0.1:${proxy.address().port}`;

const browser = await chromium.launch({ executablePath: CHROME_PATH, args: CHROME_ARGS });
try {
  const cookie = await signUpAndSignIn(server.url, { email: 'bench@example.com', password: 'bench-password-1', name: 'Bench User' });
  const stored = await waitForHistory(server.url, SYMBOL, CANDLES);
  console.log(`main-thread: ${stored} stored 1m candles for ${SYMBOL}; window ${SECONDS} s; Chromium ${browser.version()}`);

  const idle = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const signInPage = await idle.newPage();
  await signInPage.goto(`${proxyUrl}/sign-in`, { waitUntil: 'networkidle' });
  const baseline = await measure(signInPage);
  report('idle /sign-in (baseline)', baseline);

  const results = { baseline };
  for (const mode of ['live', 'synthetic']) {
    streamMode = mode;
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addCookies(cookie.split('; ').map((c) => {
      const at = c.indexOf('=');
      return { name: c.slice(0, at), value: c.slice(at + 1), url: proxyUrl };
    }));
    await context.addInitScript(countPriceEvents);
    const page = await context.newPage();
    await page.goto(`${proxyUrl}/assets/${SYMBOL}`);
    const held = await loadHistory(page, CANDLES);
    const label = mode === 'live' ? `/assets/${SYMBOL}, simulator feed` : `/assets/${SYMBOL}, ${TICKS_PER_S} ticks/s`;
    const m = await measure(page, PROFILE && mode === 'synthetic');
    m.candles = held;
    await page.screenshot({ path: path.join(resultsDir(), `main-thread-${mode}.png`) });
    report(`${label}, ${held} candles`, m, baseline);
    results[mode] = m;
    await context.close();
  }
  const target = results.synthetic;
  console.log(
    `main-thread: ${TICKS_PER_S} ticks/s (${fmt(target.ticksPerSecond, 1)} received) with ${target.candles} candles: busy ${fmt(target.busy * 100, 1)} % ` +
      `(target < 20 %) ${target.busy < 0.2 ? 'met' : 'NOT met'}; ${fmt(target.busy / baseline.busy, 1)}× the idle baseline`,
  );
  const out = path.join(resultsDir(), 'main-thread.json');
  writeFileSync(out, JSON.stringify({ at: new Date().toISOString(), seconds: SECONDS, results }, null, 2));
  console.log(`main-thread: details in ${out}`);
} finally {
  await browser.close();
  proxy.closeAllConnections();
  proxy.close();
  await server.stop();
}

/** Main-thread time over the window, from CDP counters and a long-task observer. */
async function measure(page, profile = false) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
  if (profile) await Promise.all([cdp.send('Profiler.enable'), cdp.send('Profiler.start')]);
  const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const counters = () => page.evaluate(() => ({ prices: window.__benchPrices ?? 0, longTasks: window.__benchLongTasks ?? [] }));
  const before = await metrics();
  const pageBefore = await counters();
  await page.waitForTimeout(SECONDS * 1000);
  const after = await metrics();
  const pageAfter = await counters();
  if (profile) {
    const file = path.join(resultsDir(), 'main-thread.cpuprofile');
    writeFileSync(file, JSON.stringify((await cdp.send('Profiler.stop')).profile));
    console.log(`main-thread: CPU profile in ${file}`);
  }
  await cdp.detach();
  const wall = after.Timestamp - before.Timestamp;
  const share = (name) => (after[name] - before[name]) / wall;
  const longTasks = pageAfter.longTasks.slice(pageBefore.longTasks.length);
  return {
    wallSeconds: wall,
    busy: share('TaskDuration'),
    script: share('ScriptDuration'),
    layout: share('LayoutDuration') + share('RecalcStyleDuration'),
    ticksPerSecond: (pageAfter.prices - pageBefore.prices) / wall,
    longTasks: longTasks.length,
    longestTaskMs: Math.max(0, ...longTasks),
  };
}

function report(label, m, baseline) {
  console.log(
    `main-thread: ${label.padEnd(46)} busy ${fmt(m.busy * 100, 1).padStart(5)} %  script ${fmt(m.script * 100, 1).padStart(5)} %  ` +
      `style+layout ${fmt(m.layout * 100, 1).padStart(4)} %  long tasks ${m.longTasks} (max ${fmt(m.longestTaskMs)} ms)  ` +
      `price events ${fmt(m.ticksPerSecond, 1)}/s` + (baseline ? `  (${fmt(m.busy / baseline.busy, 1)}× idle)` : ''),
  );
}

/** Runs in the page before its scripts: counts price events its EventSources receive, records long tasks. */
function countPriceEvents() {
  window.__benchPrices = 0;
  window.__benchLongTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__benchLongTasks.push(e.duration);
  }).observe({ type: 'longtask', buffered: true });
  const Native = window.EventSource;
  window.EventSource = class extends Native {
    constructor(url, init) {
      super(url, init);
      if (String(url).includes('/api/v1/stream/prices')) this.addEventListener('price', () => window.__benchPrices++);
    }
  };
}

/**
 * Zooms the chart out and drags it towards older bars until it holds `want` candles (the chart fetches
 * history as the view nears its oldest bar); then back to the live edge (double-click on the time axis
 * resets the view there) and zoomed out again with the pointer at the right, so the live bar stays in view
 * among as many bars as the chart draws at its narrowest spacing.
 */
async function loadHistory(page, want) {
  const count = page.getByTestId('candle-count');
  const held = async () => Number(/(\d+) candles/.exec((await count.textContent()) ?? '')?.[1] ?? 0);
  for (let i = 0; i < 100 && (await held()) === 0; i++) await page.waitForTimeout(200);
  await page.locator('[data-testid="price-chart"] canvas').first().waitFor();
  const box = await page.getByTestId('price-chart').boundingBox();
  const y = box.y + box.height / 2;
  const zoomOut = async (x) => {
    await page.mouse.move(x, y);
    for (let i = 0; i < 30; i++) await page.mouse.wheel(0, 400);
  };
  await zoomOut(box.x + box.width / 2);
  for (let stalled = 0; (await held()) < want && stalled < 20; ) {
    const before = await held();
    await drag(page, box.x + 40, box.x + box.width - 80, y);
    await page.waitForTimeout(300);
    stalled = (await held()) > before ? 0 : stalled + 1;
  }
  await page.mouse.dblclick(box.x + box.width / 2, box.y + box.height - 8);
  await zoomOut(box.x + box.width - 90);
  await page.mouse.move(0, 0); // no crosshair: the pointer rests outside the chart while measuring
  await page.waitForTimeout(500);
  return held();
}

async function drag(page, fromX, toX, y) {
  await page.mouse.move(fromX, y);
  await page.mouse.down();
  await page.mouse.move(toX, y, { steps: 8 });
  await page.mouse.up();
}

/** The price stream as the app sends it (event: price, id: <ms>-<seq>), for one symbol at a fixed rate. */
async function syntheticStream(req, res) {
  const symbols = new URL(req.url, 'http://x').searchParams.get('symbols')?.split(',') ?? [SYMBOL];
  const last = await (await fetch(`${server.url}/api/v1/prices?symbols=${symbols.join(',')}`)).json();
  const state = new Map(
    (Array.isArray(last) ? last : (last.data ?? [])).map((t) => [t.symbol, { price: Number(t.price), decimals: (t.price.split('.')[1] ?? '').length, change24h: t.change24h }]),
  );
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive' });
  res.write(': synthetic\n\n');
  let seq = 0;
  const timer = setInterval(() => {
    for (const [symbol, s] of state) {
      s.price *= Math.exp(0.0003 * (Math.random() + Math.random() + Math.random() - 1.5));
      const ts = Date.now();
      const data = { symbol, price: s.price.toFixed(s.decimals), ts, change24h: s.change24h };
      res.write(`event: price\nid: ${ts}-${seq++}\ndata: ${JSON.stringify(data)}\n\n`);
    }
  }, 1000 / TICKS_PER_S);
  res.on('close', () => clearInterval(timer));
}

/** Waits for the background backfill: counts stored 1m candles page by page, as the chart fetches them. */
async function waitForHistory(url, symbol, want) {
  const candles = async (to) => {
    const input = encodeURIComponent(JSON.stringify({ json: { symbol, interval: '1m', limit: 1000, ...(to ? { to } : {}) } }));
    const res = await fetch(`${url}/api/trpc/node/market.candles?input=${input}`);
    return res.ok ? (await res.json()).result.data.json.candles : [];
  };
  const deadline = Date.now() + 300_000;
  for (;;) {
    let total = 0;
    let page = await candles();
    while (page.length) {
      total += page.length;
      if (page.length < 1000) break;
      page = await candles(page[0].t - 1);
    }
    if (total >= want) return total;
    if (Date.now() > deadline) throw new Error(`${symbol} has ${total} stored candles after 300 s (want ${want})`);
    await new Promise((r) => setTimeout(r, 2000));
  }
}
