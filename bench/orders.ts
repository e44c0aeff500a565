/**
 * Market orders per second and latency at the service level (placeOrder: lock, risk, book, fill, snapshot),
 * on in-memory PGlite and, when BENCH_DATABASE_URL (or TEST_DATABASE_URL) is set, on a Postgres server.
 * The baseline, measured in the same run on the same database, is the smallest transaction an order
 * could possibly be: begin, lock the account row, commit.
 *
 *   npm run bench -- orders            # ORDERS=2000 CONCURRENCY=1,8 ACCOUNTS=20 to change the load
 */
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { assets, users } from '@/db/schema';
import { createMemoryBus } from '@/server/infra/bus/memory';
import { createMemoryCache } from '@/server/infra/cache/memory';
import { openNodePostgres } from '@/server/infra/db/node-postgres';
import { openPglite } from '@/server/infra/db/pglite';
import { queryRows, type DbHandle } from '@/server/infra/db/types';
import { latestTickKey, type PriceTick } from '@/server/services/market/price-tick';
import { ensureAccount, lockAccount } from '@/server/services/trading/accounts';
import { systemClock, type TradingDeps } from '@/server/services/trading/deps';
import { placeOrder } from '@/server/services/trading/place-order';
import { closedLoop } from './closed-loop';

const ORDERS = Number(process.env.ORDERS ?? 2000);
const CONCURRENCY = (process.env.CONCURRENCY ?? '1,8').split(',').map(Number);
const ACCOUNTS = Number(process.env.ACCOUNTS ?? 20);
const PG_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;

async function bench(label: string, handle: DbHandle): Promise<void> {
  const cache = createMemoryCache();
  const deps: TradingDeps = { db: handle.db, cache, bus: createMemoryBus(), clock: systemClock };
  await handle.db
    .insert(assets)
    .values({ symbol: 'BNCH', name: 'Bench', kind: 'crypto', pricePrecision: 2, qtyPrecision: 4, basePrice: '100', volatility: 0.5 })
    .onConflictDoNothing();
  // The feed keeps the latest tick fresh; a far-future timestamp stands in for it here.
  await cache.set(latestTickKey('BNCH'), { symbol: 'BNCH', price: '100.00', ts: Date.now() + 86_400_000, change24h: null, stale: false, ageMs: 0, session: null } satisfies PriceTick);
  const userIds: string[] = [];
  for (let i = 0; i < ACCOUNTS; i++) {
    const [u] = await handle.db.insert(users).values({ email: `bench-${Date.now()}-${i}@example.test`, name: 'Bench' }).returning();
    const account = await ensureAccount(handle.db, u!.id);
    // Enough cash and headroom that every order fills.
    await handle.db.execute(
      sql`update paper_accounts set cash = 1000000000, initial_cash = 1000000000, max_position_notional = 1000000000 where id = ${account.id}`,
    );
    userIds.push(u!.id);
  }
  const accountIds = await Promise.all(userIds.map(async (id) => (await ensureAccount(handle.db, id)).id));

  const order = (i: number) =>
    placeOrder(deps, userIds[i % userIds.length]!, { symbol: 'BNCH', side: 'buy', type: 'market', qty: '0.01', timeInForce: 'gtc' });
  const baseline = (i: number) => handle.db.transaction((tx) => lockAccount(tx, accountIds[i % accountIds.length]!));

  await closedLoop(Math.min(200, ORDERS), 4, order); // warm-up: JIT, prepared plans
  for (const concurrency of CONCURRENCY) {
    const base = await closedLoop(ORDERS, concurrency, baseline);
    const orders = await closedLoop(ORDERS, concurrency, order);
    console.log(
      `${label.padEnd(12)} concurrency ${String(concurrency).padStart(2)}: ` +
        `${orders.perSecond.toFixed(0).padStart(5)} orders/s  p50 ${orders.p50.toFixed(2)} ms  p99 ${orders.p99.toFixed(2)} ms` +
        `  | baseline lock-only tx ${base.perSecond.toFixed(0)}/s p99 ${base.p99.toFixed(2)} ms` +
        `  | ratio ${(orders.perSecond / base.perSecond).toFixed(2)}`,
    );
  }
}

async function main(): Promise<void> {
  console.log(`bench/orders: ${ORDERS} market orders per run, ${ACCOUNTS} accounts, node ${process.version}`);
  const lite = await openPglite(undefined);
  try {
    await bench('PGlite', lite);
  } finally {
    await lite.close();
  }
  if (!PG_URL) {
    console.log('Postgres: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)');
    return;
  }
  const name = `pt_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  const server = await openNodePostgres(url.toString(), { max: 10 });
  try {
    const [row] = await queryRows<{ server_version: string }>(server.db, sql`show server_version`);
    await bench(`Postgres ${row?.server_version.split(' ')[0] ?? ''}`, server);
  } finally {
    await server.close();
    // Let the pool's connections finish closing first: a forced drop would kill them mid-goodbye.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await admin.query(`drop database if exists ${name}`);
    await admin.end();
  }
}

await main();
