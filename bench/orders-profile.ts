/**
 * Where a market order's time goes on in-memory PGlite: statements per order, the time PGlite spends in
 * each (its WASM backend, timed around every protocol message), and what is left for JavaScript (Drizzle,
 * decimal.js, the cache and bus). Prints the same for the lock-only baseline transaction.
 *
 *   npm run bench -- orders-profile    # ORDERS=2000 to change the load; sequential (concurrency 1)
 */
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import * as schema from '@/db/schema';
import { createMemoryBus } from '@/server/infra/bus/memory';
import { createMemoryCache } from '@/server/infra/cache/memory';
import { MIGRATIONS_FOLDER } from '@/server/infra/db/migrations-folder';
import type { Db } from '@/server/infra/db/types';
import { latestTickKey, type PriceTick } from '@/server/services/market/price-tick';
import { ensureAccount, lockAccount } from '@/server/services/trading/accounts';
import { systemClock, type TradingDeps } from '@/server/services/trading/deps';
import { placeOrder } from '@/server/services/trading/place-order';

const ORDERS = Number(process.env.ORDERS ?? 2000);
const ACCOUNTS = 20;

interface Stat {
  count: number;
  ms: number;
}

/** Time inside PGlite per statement, keyed by the statement's first words. */
const stats = new Map<string, Stat>();
let current = '?';
let statements = 0;

/** The statement a protocol message belongs to: Parse ('P') and Query ('Q') carry its text. */
function label(message: Uint8Array): string | null {
  const kind = String.fromCharCode(message[0]!);
  if (kind !== 'P' && kind !== 'Q') return null;
  // Query: 'Q', length, text. Parse: 'P', length, statement name, text (each NUL-terminated).
  const fields = Buffer.from(message).toString('utf8', 5).split('\0');
  statements++;
  const text = (kind === 'P' ? fields[1]! : fields[0]!).replace(/\s+/g, ' ').trim();
  // A prepared statement's executions differ only in their arguments.
  return text.startsWith('execute ') ? text.slice(0, text.indexOf('(')) : text.slice(0, 70);
}

function instrument(client: PGlite): void {
  const raw = client.execProtocolRawSync.bind(client);
  client.execProtocolRawSync = (message: Uint8Array) => {
    current = label(message) ?? current;
    const t = performance.now();
    try {
      return raw(message);
    } finally {
      const stat = stats.get(current) ?? { count: 0, ms: 0 };
      if (message[0] === 80 || message[0] === 81) stat.count++;
      stat.ms += performance.now() - t;
      stats.set(current, stat);
    }
  };
}

async function measure(name: string, op: (i: number) => Promise<unknown>): Promise<void> {
  stats.clear();
  statements = 0;
  const started = performance.now();
  for (let i = 0; i < ORDERS; i++) await op(i);
  const elapsed = performance.now() - started;
  const inDb = [...stats.values()].reduce((sum, s) => sum + s.ms, 0);
  console.log(
    `\n${name}: ${(ORDERS / (elapsed / 1000)).toFixed(0)}/s, ${(elapsed / ORDERS).toFixed(3)} ms each; ` +
      `${(statements / ORDERS).toFixed(2)} statements each; in PGlite ${(inDb / ORDERS).toFixed(3)} ms, ` +
      `the rest (JS) ${((elapsed - inDb) / ORDERS).toFixed(3)} ms`,
  );
  for (const [text, s] of [...stats.entries()].sort((a, b) => b[1].ms - a[1].ms)) {
    console.log(`  ${(s.count / ORDERS).toFixed(2)}× ${(s.ms / ORDERS).toFixed(3).padStart(7)} ms  ${text}`);
  }
}

async function main(): Promise<void> {
  const client = await PGlite.create({ extensions: { pg_trgm } });
  const db = drizzle({ client, schema }) as unknown as Db;
  await migrate(drizzle({ client, schema }), { migrationsFolder: MIGRATIONS_FOLDER });
  const cache = createMemoryCache();
  const deps: TradingDeps = { db, cache, bus: createMemoryBus(), clock: systemClock };
  await db
    .insert(schema.assets)
    .values({ symbol: 'BNCH', name: 'Bench', kind: 'crypto', pricePrecision: 2, qtyPrecision: 4, basePrice: '100', volatility: 0.5 });
  await cache.set(latestTickKey('BNCH'), { symbol: 'BNCH', price: '100.00', ts: Date.now() + 86_400_000, change24h: null, stale: false, ageMs: 0, session: null } satisfies PriceTick);
  const userIds: string[] = [];
  const accountIds: string[] = [];
  for (let i = 0; i < ACCOUNTS; i++) {
    const [u] = await db.insert(schema.users).values({ email: `profile-${i}@example.test`, name: 'Bench' }).returning();
    const account = await ensureAccount(db, u!.id);
    await db.execute(
      sql`update paper_accounts set cash = 1000000000, initial_cash = 1000000000, max_position_notional = 1000000000 where id = ${account.id}`,
    );
    userIds.push(u!.id);
    accountIds.push(account.id);
  }
  const order = (i: number) =>
    placeOrder(deps, userIds[i % ACCOUNTS]!, { symbol: 'BNCH', side: 'buy', type: 'market', qty: '0.01', timeInForce: 'gtc' });
  const baseline = (i: number) => db.transaction((tx) => lockAccount(tx, accountIds[i % ACCOUNTS]!));
  for (let i = 0; i < 200; i++) await order(i); // warm-up
  instrument(client);
  await measure('lock-only tx', baseline);
  await measure('market order', order);
  await client.close();
}

await main();
