/**
 * Market orders through HTTP: a node:http server in this process runs the same tRPC fetch endpoint the Next
 * route uses (body limit, superjson, bearer-token auth, rate-limit check, placeOrder), and fetch clients
 * POST `trading.placeOrder` with keep-alive. Next's own routing is not in the path (a trivial Next route
 * handler tops out near 1k req/s here, see ARCHITECTURE.md), so this is the endpoint's cost, not Next's.
 * Baseline in the same run: `market.ping` through the same endpoint.
 *
 *   AUTH_SECRET=… node --conditions=react-server --import tsx bench/orders-http.ts
 *   (react-server: lets `server-only` modules load outside Next; TEST_DATABASE_URL adds Postgres)
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { assets, users } from '@/db/schema';
import { appRouter } from '@/server/api/root';
import type { Context } from '@/server/api/trpc';
import { issueAccessToken } from '@/server/auth/access-token';
import { bearerFrom, resolveBearer } from '@/server/auth/bearer';
import { getAuthSecret } from '@/server/auth/secret';
import { createTrpcEndpoint } from '@/server/http/trpc-endpoint';
import { createMemoryBus } from '@/server/infra/bus/memory';
import { createMemoryCache } from '@/server/infra/cache/memory';
import { systemClock } from '@/server/infra/clock';
import { openNodePostgres } from '@/server/infra/db/node-postgres';
import { openPglite } from '@/server/infra/db/pglite';
import type { DbHandle } from '@/server/infra/db/types';
import type { Infra } from '@/server/infra/infra';
import { createMemoryRateLimiter } from '@/server/infra/ratelimit/memory';
import { logger } from '@/server/logger';
import { latestTickKey, type PriceTick } from '@/server/services/market/price-tick';
import { ensureAccount } from '@/server/services/trading/accounts';
import { closedLoop } from './closed-loop';

const ORDERS = Number(process.env.ORDERS ?? 2000);
const CONCURRENCY = (process.env.CONCURRENCY ?? '1,8').split(',').map(Number);
// The trade:order policy allows 600 orders a minute per user; spread the load so it never bites.
const USERS = Math.max(20, Math.ceil(ORDERS / 300));
const PG_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;

async function bench(label: string, handle: DbHandle): Promise<void> {
  const infra: Infra = {
    db: handle.db,
    dbDriver: handle.driver,
    cache: createMemoryCache(),
    bus: createMemoryBus(),
    ratelimit: createMemoryRateLimiter(),
    clock: systemClock,
    logger,
    close: handle.close,
  };
  await infra.db
    .insert(assets)
    .values({ symbol: 'BNCH', name: 'Bench', kind: 'crypto', pricePrecision: 2, qtyPrecision: 4, basePrice: '100', volatility: 0.5 })
    .onConflictDoNothing();
  await infra.cache.set(latestTickKey('BNCH'), { symbol: 'BNCH', price: '100.00', ts: Date.now() + 86_400_000, change24h: null, stale: false, ageMs: 0, session: null } satisfies PriceTick);
  const secret = await getAuthSecret();
  const tokens: string[] = [];
  for (let i = 0; i < USERS; i++) {
    const [u] = await infra.db.insert(users).values({ email: `http-${Date.now()}-${i}@example.test`, name: 'Bench' }).returning();
    const account = await ensureAccount(infra.db, u!.id);
    await infra.db.execute(
      sql`update paper_accounts set cash = 1000000000, initial_cash = 1000000000, max_position_notional = 1000000000 where id = ${account.id}`,
    );
    const { accessToken } = await issueAccessToken(secret, { id: u!.id, email: u!.email, name: u!.name, role: 'user' }, crypto.randomUUID());
    tokens.push(accessToken);
  }

  const endpoint = createTrpcEndpoint({
    endpoint: '/api/trpc/node',
    router: appRouter,
    runtime: 'nodejs',
    createContext: async (headers, resHeaders): Promise<Context> => {
      const token = bearerFrom(headers);
      const resolved = token ? await resolveBearer(infra, token) : null;
      return {
        requestId: headers.get('x-request-id') ?? crypto.randomUUID(),
        runtime: 'nodejs',
        db: infra.db,
        clock: infra.clock,
        cache: infra.cache,
        bus: infra.bus,
        ratelimit: infra.ratelimit,
        user: resolved?.user ?? null,
        session: resolved?.session ?? null,
        clientIp: '127.0.0.1',
        resHeaders,
      };
    },
  });
  const server = createServer(async (req, res) => {
    const request = new Request(`http://127.0.0.1${req.url}`, {
      method: req.method,
      headers: req.headers as Record<string, string>,
      body: req.method === 'POST' ? (Readable.toWeb(req) as ReadableStream) : undefined,
      duplex: 'half',
    } as RequestInit);
    const response = await endpoint(request);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/trpc/node`;

  let i = 0;
  const body = JSON.stringify({ json: { symbol: 'BNCH', side: 'buy', type: 'market', qty: '0.01', timeInForce: 'gtc' } });
  const order = async () => {
    const token = tokens[i++ % tokens.length]!;
    const res = await fetch(`${base}/trading.placeOrder`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body,
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`placeOrder ${res.status}: ${text}`);
  };
  const ping = async () => {
    const res = await fetch(`${base}/market.ping`);
    await res.text();
  };
  try {
    await closedLoop(Math.min(200, ORDERS), 4, order); // warm-up
    for (const concurrency of CONCURRENCY) {
      const baseline = await closedLoop(ORDERS, concurrency, ping);
      const orders = await closedLoop(ORDERS, concurrency, order);
      console.log(
        `HTTP ${label.padEnd(14)} concurrency ${String(concurrency).padStart(2)}: ` +
          `${orders.perSecond.toFixed(0).padStart(5)} orders/s  p50 ${orders.p50.toFixed(2)} ms  p99 ${orders.p99.toFixed(2)} ms` +
          `  | baseline market.ping ${baseline.perSecond.toFixed(0)}/s p99 ${baseline.p99.toFixed(2)} ms` +
          `  | ratio ${(orders.perSecond / baseline.perSecond).toFixed(2)}`,
      );
    }
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

console.log(`bench/orders-http: ${ORDERS} market orders per run, ${USERS} users, node ${process.version}`);
const lite = await openPglite(undefined);
try {
  await bench('PGlite', lite);
} finally {
  await lite.close();
}
if (PG_URL) {
  const name = `pt_bench_http_${Date.now()}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  const server = await openNodePostgres(url.toString(), { max: 10 });
  try {
    await bench('Postgres', server);
  } finally {
    await server.close();
    await new Promise((resolve) => setTimeout(resolve, 500));
    await admin.query(`drop database if exists ${name}`);
    await admin.end();
  }
} else {
  console.log('Postgres: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)');
}
