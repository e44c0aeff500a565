/**
 * `GET /api/v1/prices` while Redis is down: the REST handler in this process on PGlite, with cache, bus and
 * rate limits on an Upstash client whose server accepts requests and never answers (Redis behind a hung
 * bridge: every command waits for the client's timeout, REDIS_TIMEOUT_MS, 1 s). Figures, from one run:
 *   1. latency (p50, p99) of requests started after the first second of the outage, with the circuit breaker
 *      (the default client): they must not wait for Redis;
 *   2. the same requests with Redis healthy (in-process ports), the baseline, and the p99 ratio;
 *   3. a few requests through a client without a breaker: what every request cost before.
 *
 *   node --conditions=react-server --import tsx bench/prices-outage.ts     (DURATION_S=5 CONCURRENCY=4)
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Context } from '@/server/api/trpc';
import { createMemoryBus } from '@/server/infra/bus/memory';
import { createUpstashBus } from '@/server/infra/bus/upstash';
import { createMemoryCache } from '@/server/infra/cache/memory';
import { createUpstashCache } from '@/server/infra/cache/upstash';
import { systemClock } from '@/server/infra/clock';
import { openPglite } from '@/server/infra/db/pglite';
import type { Infra } from '@/server/infra/infra';
import { createMemoryRateLimiter } from '@/server/infra/ratelimit/memory';
import { createUpstashRateLimiter } from '@/server/infra/ratelimit/upstash';
import { createUpstashClient } from '@/server/infra/upstash/client';
import { handleRest } from '@/server/rest/handler';
import { createIngestor } from '@/server/services/market/ingestor';
import { seedAssets } from '@/server/services/market/seed-assets';

const DURATION_S = Number(process.env.DURATION_S ?? 5);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 4);
const UNGUARDED_REQUESTS = Number(process.env.UNGUARDED_REQUESTS ?? 3);
const quiet = { warn: () => {}, error: () => {} };

type Ports = Pick<Infra, 'db' | 'cache' | 'bus' | 'ratelimit'>;

const contextOn = (ports: Ports) => async (_headers: Headers, resHeaders: Headers): Promise<Context> => ({
  requestId: crypto.randomUUID(),
  runtime: 'nodejs',
  ...ports,
  clock: systemClock,
  user: null,
  session: null,
  clientIp: '203.0.113.1',
  resHeaders,
});

async function getPrices(ports: Ports): Promise<number> {
  const started = performance.now();
  const res = await handleRest(new Request('http://localhost/api/v1/prices'), '/prices', contextOn(ports));
  if (res.status !== 200) throw new Error(`GET /prices answered ${res.status}: ${await res.text()}`);
  await res.arrayBuffer();
  return performance.now() - started;
}

/** CONCURRENCY loops for DURATION_S; latencies of requests started after `skipMs`. */
async function load(ports: Ports, skipMs: number): Promise<number[]> {
  const t0 = performance.now();
  const end = t0 + DURATION_S * 1000;
  const samples: number[] = [];
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        const startedAt = performance.now() - t0;
        const ms = await getPrices(ports);
        if (startedAt >= skipMs) samples.push(ms);
      }
    }),
  );
  return samples.sort((a, b) => a - b);
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const f = (ms: number) => ms.toFixed(ms < 10 ? 2 : 0);

async function main() {
  const handle = await openPglite(undefined);
  await seedAssets(handle.db);
  const infra = { db: handle.db, cache: createMemoryCache(), bus: createMemoryBus(), ratelimit: createMemoryRateLimiter(), clock: systemClock };
  const ingestor = createIngestor(infra as unknown as Infra, { flushMs: 60_000 });
  const now = Date.now();
  await ingestor.ingest(['BTC', 'ETH', 'SOL'].map((symbol) => ({ symbol, ts: now - 60_000, price: '100.00', volume: '1' })));
  await ingestor.stop();

  // Redis that never answers.
  const hung = createServer(() => {});
  await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(hung.address() as AddressInfo).port}`;
  const portsOn = (redis: ReturnType<typeof createUpstashClient>): Ports => ({
    db: handle.db,
    cache: createUpstashCache(redis, '', quiet),
    bus: createUpstashBus(redis, { log: quiet }),
    ratelimit: createUpstashRateLimiter(redis, '', quiet),
  });

  const healthy: Ports = { db: handle.db, cache: createMemoryCache(), bus: createMemoryBus(), ratelimit: createMemoryRateLimiter() };
  await load(healthy, 0); // warm-up
  const baseline = await load(healthy, 1_000);

  const outage = await load(portsOn(createUpstashClient({ url, token: 't', log: quiet })), 1_000);

  const unguarded = portsOn(createUpstashClient({ url, token: 't', breaker: false, log: quiet }));
  const before: number[] = [];
  for (let i = 0; i < UNGUARDED_REQUESTS; i++) before.push(await getPrices(unguarded));
  before.sort((a, b) => a - b);

  console.log(`healthy:      ${baseline.length} requests after 1 s, p50 ${f(pct(baseline, 50))} ms, p99 ${f(pct(baseline, 99))} ms`);
  console.log(`Redis down:   ${outage.length} requests after 1 s, p50 ${f(pct(outage, 50))} ms, p99 ${f(pct(outage, 99))} ms (breaker)`);
  console.log(`no breaker:   ${before.length} requests, p50 ${f(pct(before, 50))} ms (every cache call waits its timeout)`);
  console.log(
    `prices-outage: p99 ${f(pct(outage, 99))} ms with Redis down after the first second | healthy p99 ${f(pct(baseline, 99))} ms | ratio ${(pct(outage, 99) / pct(baseline, 99)).toFixed(2)} | no breaker p50 ${f(pct(before, 50))} ms`,
  );
  hung.closeAllConnections();
  hung.close();
  await handle.close();
  process.exit(0);
}

await main();
