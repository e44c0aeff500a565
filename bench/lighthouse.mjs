// bench/lighthouse — Lighthouse performance (desktop preset) of the signed-in dashboard and asset page on
// `next start` (local profile), several runs each, medians. Baselines in the same run: a minimal static
// HTML page from node:http (what this machine and Chromium score at best) and the app's /sign-in (the same
// shell and framework JS, no live data). Target: score ≥ 95 on /dashboard and /assets/BTC.
import http from 'node:http';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { ensureBuild } from '../scripts/ensure-build.mjs';
import { fmt, median, resultsDir, signUpAndSignIn, startNext } from './lib.mjs';

const RUNS = Number(process.env.BENCH_LH_RUNS ?? 5);
const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const CHROME_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
const AUDITS = {
  fcp: 'first-contentful-paint',
  lcp: 'largest-contentful-paint',
  tbt: 'total-blocking-time',
  cls: 'cumulative-layout-shift',
  si: 'speed-index',
};

await ensureBuild();

const STATIC_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Baseline</title><meta name="description" content="A static page"></head>
<body><h1>PrimeTrade</h1><p>A static page with no script: the best this machine and browser score.</p></body></html>`;
const staticServer = http.createServer((_, res) => res.end(STATIC_HTML, () => {})).listen(0, '127.0.0.1');
await new Promise((r) => staticServer.once('listening', r));
const staticUrl = `http://127.0.0.1:${staticServer.address().port}/`;

const server = await startNext({ port: 3463, env: { MARKET_BACKFILL_DAYS: '1', SEED_DEMO: 'false' } });
const chrome = await chromeLauncher.launch({ chromePath: CHROME_PATH, chromeFlags: CHROME_FLAGS });
try {
  const cookie = await signUpAndSignIn(server.url, { email: 'bench@example.com', password: 'bench-password-1', name: 'Bench User' });
  // The 1-day backfill runs in the background after start; wait for it so the chart has its candles.
  await waitForCandles(server.url, 'BTC');

  const pages = [
    { name: 'static html (node:http)', url: staticUrl },
    { name: '/sign-in', url: `${server.url}/sign-in` },
    { name: '/dashboard', url: `${server.url}/dashboard`, cookie },
    { name: '/assets/BTC', url: `${server.url}/assets/BTC`, cookie },
  ];
  // One untimed pass loads each route's server bundle, so first-request compilation is not measured.
  for (const p of pages) await fetch(p.url, { headers: p.cookie ? { cookie: p.cookie } : {} });

  const runs = new Map(pages.map((p) => [p.name, []]));
  // Interleaved rounds: a noisy minute on the shared machine hits every page, not just one.
  for (let round = 0; round < RUNS; round++) {
    for (const p of pages) runs.get(p.name).push(await audit(p, chrome.port, round));
  }

  const results = pages.map((p) => summarize(p.name, runs.get(p.name)));
  const signIn = results[1];
  console.log(`lighthouse: desktop preset, performance only, ${RUNS} runs per page, medians (simulated throttling)`);
  for (const r of results) {
    console.log(
      `lighthouse: ${r.name.padEnd(24)} score ${fmt(r.score).padStart(3)} (min ${r.minScore})  ` +
        `FCP ${fmt(r.fcp)} ms  LCP ${fmt(r.lcp)} ms  TBT ${fmt(r.tbt)} ms  CLS ${fmt(r.cls, 3)}  SI ${fmt(r.si)} ms` +
        (r.name.startsWith('/') && r !== signIn
          ? `  (vs /sign-in: score ${fmt(r.score / signIn.score, 2)}×, LCP ${fmt(r.lcp / signIn.lcp, 2)}×)`
          : ''),
    );
  }
  for (const r of results.slice(2)) {
    console.log(`lighthouse: ${r.name} median score ${fmt(r.score)} (target ≥ 95) ${r.score >= 95 ? 'met' : 'NOT met'}`);
    if (r.opportunities.length) console.log(`lighthouse: ${r.name} flagged in the median run: ${r.opportunities.join('; ')}`);
    if (r.lcpElement) console.log(`lighthouse: ${r.name} LCP element: ${r.lcpElement}`);
  }
  const out = path.join(resultsDir(), 'lighthouse.json');
  writeFileSync(out, JSON.stringify({ at: new Date().toISOString(), runs: RUNS, results }, null, 2));
  console.log(`lighthouse: details in ${out}`);
} finally {
  await chrome.kill();
  await server.stop();
  staticServer.close();
}

async function audit(p, port, round) {
  const result = await lighthouse(
    p.url,
    {
      port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance'],
      extraHeaders: p.cookie ? { Cookie: p.cookie } : undefined,
    },
    desktopConfig,
  );
  const lhr = result.lhr;
  if (lhr.runtimeError) throw new Error(`${p.name}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  if (new URL(lhr.finalDisplayedUrl).pathname !== new URL(p.url).pathname) {
    throw new Error(`${p.name}: ended on ${lhr.finalDisplayedUrl} (not signed in?)`);
  }
  if (round === 0) {
    const file = p.name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'page';
    writeFileSync(path.join(resultsDir(), `lighthouse-${file}.json`), result.report);
  }
  return lhr;
}

function summarize(name, lhrs) {
  const scores = lhrs.map((l) => Math.round(l.categories.performance.score * 100));
  const metric = (id) => median(lhrs.map((l) => l.audits[id].numericValue));
  const score = median(scores);
  // Audit detail from the run whose score is the median (closest to it).
  const typical = lhrs[scores.indexOf([...scores].sort((a, b) => Math.abs(a - score) - Math.abs(b - score))[0])];
  // Audits and insights that fail and name a saving (unused JS, render-blocking requests, …).
  const opportunities = Object.values(typical.audits)
    .filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode === 'metricSavings')
    .map((a) => {
      const savings = Object.entries(a.metricSavings ?? {}).filter(([, ms]) => ms > 0).map(([m, ms]) => `${m} −${fmt(ms)} ms`);
      const bytes = a.details?.overallSavingsBytes ? `${fmt(a.details.overallSavingsBytes / 1024)} KiB` : '';
      return `${a.id}${savings.length || bytes ? ` (${[bytes, ...savings].filter(Boolean).join(', ')})` : ''}`;
    });
  const lcpNode = typical.audits['lcp-breakdown-insight']?.details?.items?.find((i) => i.type === 'node');
  return {
    name,
    score,
    scores,
    minScore: Math.min(...scores),
    ...Object.fromEntries(Object.entries(AUDITS).map(([k, id]) => [k, metric(id)])),
    opportunities,
    lcpElement: lcpNode ? `${lcpNode.snippet} "${lcpNode.nodeLabel ?? ''}"` : null,
  };
}

async function waitForCandles(url, symbol) {
  const input = encodeURIComponent(JSON.stringify({ json: { symbol, interval: '1m', limit: 1000 } }));
  const deadline = Date.now() + 120_000;
  for (;;) {
    const res = await fetch(`${url}/api/trpc/node/market.candles?input=${input}`);
    const count = res.ok ? (await res.json()).result.data.json.candles.length : 0;
    if (count >= 1000) return;
    if (Date.now() > deadline) throw new Error(`${symbol} has ${count} candles after 120 s`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}
