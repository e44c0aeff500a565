import { and, asc, count, eq } from 'drizzle-orm';
import { assets, watchlistItems } from '@/db/schema';
import { AppError } from '@/server/errors';
import type { Cache } from '@/server/infra/cache/types';
import type { Db } from '@/server/infra/db/types';
import { activeSymbols, latestTicks } from '@/server/services/market/snapshot';
import { lockUser } from '@/server/services/users/lock-user';
import type { z } from 'zod';
import type { watchlistEntrySchema } from '@/contracts/watchlist';

/** A list longer than this stops being something a person watches. */
export const WATCHLIST_MAX = 50;

export type WatchlistEntry = z.infer<typeof watchlistEntrySchema>;

/** The user's own list, oldest addition first, with the latest price of each symbol. */
export async function listWatchlist(deps: { db: Db; cache: Cache }, userId: string): Promise<WatchlistEntry[]> {
  const rows = await deps.db
    .select({ symbol: watchlistItems.symbol, addedAt: watchlistItems.createdAt, name: assets.name, kind: assets.kind })
    .from(watchlistItems)
    .innerJoin(assets, eq(assets.symbol, watchlistItems.symbol))
    .where(eq(watchlistItems.userId, userId))
    .orderBy(asc(watchlistItems.createdAt), asc(watchlistItems.symbol));
  if (rows.length === 0) return [];
  // Delisted symbols stay listed (until removed) but have no live price to show.
  const tradable = new Set(await activeSymbols(deps));
  const priced = rows.filter((r) => tradable.has(r.symbol)).map((r) => r.symbol);
  const ticks = new Map((priced.length ? await latestTicks(deps, priced) : []).map((t) => [t.symbol, t]));
  return rows.map((r) => {
    const tick = ticks.get(r.symbol);
    return { ...r, price: tick?.price ?? null, change24h: tick?.change24h ?? null, ts: tick?.ts ?? null };
  });
}

/**
 * Adds a catalogue symbol; adding one already on the list changes nothing (`added: false`). Unknown or
 * delisted symbols are NOT_FOUND.
 */
export async function addToWatchlist(db: Db, userId: string, symbol: string): Promise<{ symbol: string; added: boolean }> {
  const [asset] = await db.select({ symbol: assets.symbol }).from(assets).where(and(eq(assets.symbol, symbol), eq(assets.active, true)));
  if (!asset) throw new AppError('NOT_FOUND', `Unknown asset ${symbol}`, { reason: 'UNKNOWN_SYMBOL', details: { symbol: symbol } });
  return db.transaction(async (tx) => {
    await lockUser(tx, userId);
    const [held] = await tx.select({ n: count() }).from(watchlistItems).where(eq(watchlistItems.userId, userId));
    if (held!.n >= WATCHLIST_MAX) {
      const [already] = await tx
        .select({ symbol: watchlistItems.symbol })
        .from(watchlistItems)
        .where(and(eq(watchlistItems.userId, userId), eq(watchlistItems.symbol, symbol)));
      if (already) return { symbol: symbol, added: false };
      throw new AppError('CONFLICT', `A watchlist holds at most ${WATCHLIST_MAX} symbols`, { reason: 'WATCHLIST_FULL' });
    }
    const inserted = await tx
      .insert(watchlistItems)
      .values({ userId, symbol: symbol })
      .onConflictDoNothing()
      .returning({ symbol: watchlistItems.symbol });
    return { symbol: symbol, added: inserted.length > 0 };
  });
}

/** Removes a symbol from the user's own list; NOT_FOUND when it is not on it. */
export async function removeFromWatchlist(db: Db, userId: string, symbol: string): Promise<{ symbol: string }> {
  const removed = await db
    .delete(watchlistItems)
    .where(and(eq(watchlistItems.userId, userId), eq(watchlistItems.symbol, symbol)))
    .returning({ symbol: watchlistItems.symbol });
  if (removed.length === 0) throw new AppError('NOT_FOUND', `${symbol} is not on your watchlist`);
  return { symbol: symbol };
}
