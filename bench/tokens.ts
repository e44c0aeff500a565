/**
 * Token list under load. A node:http server in this process runs the same tRPC fetch endpoint the Next route
 * uses; the token refresh runs beside it in `sim` (the real adapters over HTTP against the fake upstreams).
 * Figures, all from one run:
 *   1. upstream requests/min with no readers vs with READERS concurrent readers of `tokens.list` for
 *      DURATION_S seconds (counted at the fake upstreams): readers must add none;
 *   2. cache-port (Redis in the cloud) commands the readers cause, per list request: ≈ 0 with L1 hits;
 *   3. `tokens.list` throughput and latency vs `market.ping` through the same endpoint (baseline), as a ratio.
 *
 *   node --conditions=react-server --import tsx bench/tokens.ts     (READERS=1000 DURATION_S=30)
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { appRouter } from '@/server/api/root';
import type { Context } from '@/server/api/trpc';
import { createTrpcEndpoint } from '@/server/http/trpc-endpoint';
import { createMemoryBus } from '@/server/infra/bus/memory';
import { createMemoryCache } from '@/server/infra/cache/memory';
import { systemClock } from '@/server/infra/clock';
import type { Cache } from '@/server/infra/cache/types';
import { openPglite } from '@/server/infra/db/pglite';
import { createMemoryRateLimiter } from '@/server/infra/ratelimit/memory';
import { seedAssets } from '@/server/services/market/seed-assets';
import { startTokenRefresh } from '@/server/services/tokens/start-token-refresh';

const READERS = Number(process.env.READERS ?? 1000);
const DURATION_S = Number(process.env.DURATION_S ?? 30);
const REFRESH_MS = 5_000;
const RATIO_REQUESTS = Number(process.env.RATIO_REQUESTS ?? 4000);
const RATIO_CONCURRENCY = 16;

/** Counts every call on the cache port, so readers' share can be told from the refresh's. */
function countingCache(inner: Cache) {
  const counts = { commands: 0 };
  const counted =
    <A extends unknown[], R>(fn: (...a: A) => Promise<R>) =>
    (...a: A) => (counts.commands++, fn(...a));
  const cache: Cache = {
    get: counted(inner.get.bind(inner)) as Cache['get'],
    getMany: counted(inner.getMany.bind(inner)) as Cache['getMany'],
    set: counted(inner.set.bind(inner)),
    del: counted(inner.del.bind(inner)),
    delPrefix: counted(inner.delPrefix.bind(inner)),
    incr: counted(inner.incr.bind(inner)),
  };
  return { cache, counts };
}

const db = await openPglite(undefined);
await seedAssets(db.db);
// Readers and the refresh share one cache; only the readers' calls are counted.
const shared = createMemoryCache();
const { cache: readerCache, counts } = countingCache(shared);
const infra = { db: db.db, cache: shared, bus: createMemoryBus(), ratelimit: createMemoryRateLimiter(), clock: systemClock };
const refresh = await startTokenRefresh(infra, { sim: true, refreshMs: REFRESH_MS, names: ['dexscreener', 'geckoterminal', 'jupiter'] });
await refresh.settled();
const fakes = refresh.fakes!;
const upstreamRequests = () =>
  fakes.dexscreener.requestTimes.length + fakes.geckoterminal.requestTimes.length + fakes.jupiter.requestTimes.length;

const endpoint = createTrpcEndpoint({
  endpoint: '/api/trpc/node',
  router: appRouter,
  runtime: 'nodejs',
  createContext: async (headers, resHeaders): Promise<Context> => ({
    requestId: crypto.randomUUID(),
    runtime: 'nodejs',
    ...infra,
    cache: readerCache,
    user: null,
    session: null,
    clientIp: '127.0.0.1',
    resHeaders,
  }),
});
const server = createServer(async (req, res) => {
  const response = await endpoint(new Request(`http://127.0.0.1${req.url}`, { headers: req.headers as Record<string, string> }));
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
});
server.keepAliveTimeout = 60_000;
// A backlog above the reader count: the default (511) resets connections when 1,000 arrive at once.
await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/trpc/node`;
const listUrl = `${base}/tokens.list?input=${encodeURIComponent(JSON.stringify({ json: { sort: 'volume24h', order: 'desc', limit: 50 } }))}`;
const get = async (url: string) => {
  const res = await fetch(url);
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${url} → ${res.status}`);
};

/** Upstream requests and cache commands over `seconds`, while `load` (if any) runs. */
async function window(seconds: number, load?: (until: number) => Promise<number>) {
  const up0 = upstreamRequests();
  const cmd0 = counts.commands;
  const until = Date.now() + seconds * 1000;
  const served = load ? await load(until) : (await new Promise((r) => setTimeout(r, seconds * 1000)), 0);
  return { upstreamPerMinute: ((upstreamRequests() - up0) * 60) / seconds, commands: counts.commands - cmd0, served };
}

async function readers(until: number): Promise<number> {
  let served = 0;
  await Promise.all(
    Array.from({ length: READERS }, async () => {
      while (Date.now() < until) {
        await get(listUrl);
        served++;
      }
    }),
  );
  return served;
}

async function run(n: number, url: string) {
  const latencies: number[] = [];
  let started = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: RATIO_CONCURRENCY }, async () => {
      while (started < n) {
        started++;
        const t = performance.now();
        await get(url);
        latencies.push(performance.now() - t);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.floor(q * latencies.length)]!;
  return { perSecond: n / ((performance.now() - t0) / 1000), p50: at(0.5), p99: at(0.99) };
}

try {
  console.log(`bench/tokens: ${READERS} readers × ${DURATION_S} s, refresh every ${REFRESH_MS / 1000} s, node ${process.version}`);
  const idle = await window(DURATION_S);
  const loaded = await window(DURATION_S, readers);
  console.log(
    `upstream requests/min: idle ${idle.upstreamPerMinute.toFixed(0)}, under load ${loaded.upstreamPerMinute.toFixed(0)}` +
      ` (ratio ${(loaded.upstreamPerMinute / idle.upstreamPerMinute).toFixed(2)})`,
  );
  console.log(
    `list requests served under load: ${loaded.served} (${(loaded.served / DURATION_S).toFixed(0)}/s); ` +
      `readers' cache-port commands: ${loaded.commands} (${(loaded.commands / Math.max(1, loaded.served)).toFixed(4)} per request)`,
  );
  await run(500, listUrl); // warm-up
  const sample = (await (await fetch(listUrl)).json()) as { result: { data: { json: { data: unknown[] } } } };
  const pageSize = sample.result.data.json.data.length;
  const ping = await run(RATIO_REQUESTS, `${base}/market.ping`);
  const list = await run(RATIO_REQUESTS, listUrl);
  console.log(
    `tokens.list (${pageSize} tokens) ${list.perSecond.toFixed(0)}/s p50 ${list.p50.toFixed(2)} ms p99 ${list.p99.toFixed(2)} ms` +
      ` | baseline market.ping ${ping.perSecond.toFixed(0)}/s p99 ${ping.p99.toFixed(2)} ms` +
      ` | ratio ${(list.perSecond / ping.perSecond).toFixed(2)} (target ≥ 0.8)`,
  );
} finally {
  await new Promise((resolve) => server.close(resolve));
  await refresh.stop();
  await db.close();
}
