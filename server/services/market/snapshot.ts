import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { assets, candles } from '@/db/schema/market';
import { AppError } from '@/server/errors';
import type { Cache } from '@/server/infra/cache/types';
import type { Db } from '@/server/infra/db/types';
import { readThrough } from '@/server/services/cache/read-through';
import { marketCacheStats } from './cache-stats';
import { latestTickKey, SNAPSHOT_TTL_MS, symbolStatusKey, tickAsOf, type PriceTick, type SymbolStatus } from './price-tick';

const SYMBOLS_KEY = 'market:symbols:active';
/** The all-assets snapshot, assembled: one cache read instead of one per asset for the most common request. */
const ALL_KEY = 'market:snapshot:all';
/** Far below the CDN's s-maxage of 1 s, so it adds no visible staleness. */
const ALL_TTL_MS = 250;
const SYMBOLS_TTL_MS = 60_000;

/**
 * Active symbols, cached: the default snapshot would otherwise query the catalogue on every request. An
 * empty catalogue is not cached: it means the feed has not seeded it yet (in the cloud the worker does,
 * and a web instance may be asked first).
 */
export function activeSymbols(deps: { db: Db; cache: Cache }): Promise<string[]> {
  return readThrough(
    deps.cache,
    SYMBOLS_KEY,
    SYMBOLS_TTL_MS,
    async () => {
      const rows = await deps.db.select({ symbol: assets.symbol }).from(assets).where(eq(assets.active, true)).orderBy(asc(assets.symbol));
      return rows.map((r) => r.symbol);
    },
    { keep: (symbols) => symbols.length > 0, stats: marketCacheStats },
  );
}

/**
 * Refuses symbols that are not active assets (NOT_FOUND, naming them), so a typo is not mistaken for "no
 * price yet". The cached list answers first; what it lacks is looked up in the database before refusing,
 * so an asset listed after the list was cached is known at once (and the stale list is dropped).
 */
export async function assertKnownSymbols(deps: { db: Db; cache: Cache }, wanted: readonly string[]): Promise<void> {
  const known = new Set(await activeSymbols(deps));
  const missing = wanted.filter((s) => !known.has(s));
  if (missing.length === 0) return;
  const rows = await deps.db
    .select({ symbol: assets.symbol })
    .from(assets)
    .where(and(eq(assets.active, true), inArray(assets.symbol, missing)));
  if (rows.length > 0) await deps.cache.del(SYMBOLS_KEY);
  const listed = new Set(rows.map((r) => r.symbol));
  const unknown = missing.filter((s) => !listed.has(s));
  if (unknown.length) throw new AppError('NOT_FOUND', `Unknown asset ${unknown.join(', ')}`, { reason: 'UNKNOWN_SYMBOL', details: { symbols: unknown } });
}

/**
 * Latest price per asset. The live feed keeps each symbol's cache entry fresh (10 s TTL); a miss (feed
 * stopped, cold cache) falls back to the last stored 1m close and re-primes the cache. Unknown symbols
 * are refused.
 */
export async function getSnapshot(deps: SnapshotDeps, symbols?: readonly string[]): Promise<PriceTick[]> {
  if (symbols?.length) return latestTicks(deps, symbols);
  return readThrough(deps.cache, ALL_KEY, ALL_TTL_MS, () => latestTicks(deps), { stats: marketCacheStats });
}

type SnapshotDeps = { db: Db; cache: Cache; clock?: () => number };

/**
 * Per-asset latest ticks read fresh (no assembled list): what a stream's opening snapshot must use. Each one
 * carries its age now and the feed's word on its source (`stale`, `session`): a price whose source is down is
 * the last one it gave, marked stale — never filled in from elsewhere.
 */
export async function latestTicks(deps: SnapshotDeps, symbols?: readonly string[]): Promise<PriceTick[]> {
  const wanted = symbols?.length ? [...new Set(symbols)] : await activeSymbols(deps);
  if (symbols?.length) await assertKnownSymbols(deps, wanted);
  const [cached, statuses] = await Promise.all([
    deps.cache.getMany<PriceTick>(wanted.map(latestTickKey)),
    deps.cache.getMany<SymbolStatus>(wanted.map(symbolStatusKey)),
  ]);
  const missing = wanted.filter((_, i) => !cached[i]);
  marketCacheStats.hits += wanted.length - missing.length;
  marketCacheStats.misses += missing.length;
  const fromDb = missing.length ? await lastStoredTicks(deps, missing) : new Map<string, PriceTick>();
  const now = (deps.clock ?? Date.now)();
  return wanted.flatMap((s, i) => {
    const tick = cached[i] ?? fromDb.get(s);
    return tick ? [tickAsOf(tick, statuses[i] ?? null, now)] : [];
  });
}

async function lastStoredTicks(deps: { db: Db; cache: Cache }, symbols: string[]): Promise<Map<string, PriceTick>> {
  const rows = await deps.db
    .selectDistinctOn([candles.symbol], { symbol: candles.symbol, close: candles.close, ts: candles.closeTs })
    .from(candles)
    .where(and(inArray(candles.symbol, symbols), eq(candles.interval, '1m')))
    .orderBy(candles.symbol, desc(candles.bucket));
  const ticks = new Map<string, PriceTick>();
  for (const r of rows) {
    const tick: PriceTick = { symbol: r.symbol, price: r.close, ts: r.ts.getTime(), change24h: null, stale: false, ageMs: 0, session: null };
    ticks.set(r.symbol, tick);
    await deps.cache.set(latestTickKey(r.symbol), tick, { ttlMs: SNAPSHOT_TTL_MS });
  }
  return ticks;
}
