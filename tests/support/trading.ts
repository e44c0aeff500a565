import { eq } from 'drizzle-orm';
import { assets, paperAccounts, users } from '@/db/schema';
import type { Infra } from '@/server/infra/infra';
import { latestTickKey, PRICE_TOPIC, type PriceTick } from '@/server/services/market/price-tick';
import type { SessionUser } from '@/server/api/trpc';
import type { Clock, TradingDeps } from '@/server/services/trading/deps';

/** A clock tests move by hand. */
export function manualClock(start = Date.UTC(2026, 0, 5, 12, 0, 0)) {
  let now = start;
  const clock: Clock = () => now;
  return {
    clock,
    set: (ms: number) => void (now = ms),
    advance: (ms: number) => void (now += ms),
    now: () => now,
  };
}

export function tradingDeps(infra: Infra, clock: Clock): TradingDeps {
  return { db: infra.db, cache: infra.cache, bus: infra.bus, clock };
}

export async function insertUser(infra: Pick<Infra, 'db'>, role: 'user' | 'admin' = 'user'): Promise<SessionUser> {
  const email = `${crypto.randomUUID()}@example.test`;
  const [row] = await infra.db.insert(users).values({ email, name: 'Trader', role }).returning();
  return { id: row!.id, email, name: 'Trader', role };
}

export async function insertAsset(
  infra: Pick<Infra, 'db'>,
  symbol: string,
  opts: { pricePrecision?: number; qtyPrecision?: number } = {},
): Promise<void> {
  await infra.db
    .insert(assets)
    .values({
      symbol,
      name: symbol,
      kind: 'crypto',
      pricePrecision: opts.pricePrecision ?? 2,
      qtyPrecision: opts.qtyPrecision ?? 4,
      basePrice: '100',
      volatility: 0.5,
    })
    .onConflictDoNothing();
}

/** What the feed does for each tick: publish it and keep it as the latest snapshot. */
export async function pushTick(infra: Pick<Infra, 'bus' | 'cache'>, symbol: string, price: string, ts: number): Promise<PriceTick> {
  const tick: PriceTick = { symbol, price, ts, change24h: null, stale: false, ageMs: 0, session: null };
  await infra.cache.set(latestTickKey(symbol), tick);
  await infra.bus.publish(PRICE_TOPIC, tick);
  return tick;
}

/** Sets the latest price without publishing (for tests that drive the engine themselves). */
export async function setLatestPrice(infra: Pick<Infra, 'cache'>, symbol: string, price: string, ts: number): Promise<void> {
  await infra.cache.set(latestTickKey(symbol), { symbol, price, ts, change24h: null, stale: false, ageMs: 0, session: null } satisfies PriceTick);
}

export async function setAccountFields(
  infra: Pick<Infra, 'db'>,
  accountId: string,
  fields: Partial<typeof paperAccounts.$inferInsert>,
): Promise<void> {
  await infra.db.update(paperAccounts).set(fields).where(eq(paperAccounts.id, accountId));
}
