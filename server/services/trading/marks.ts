import type { Cache } from '@/server/infra/cache/types';
import { getLatestTick, type PriceTick } from '@/server/services/market/price-tick';
import { money } from './money';
import type { MarkLookup } from './snapshots';

/** A tick older than this is not a price anyone could trade at. */
export const STALE_PRICE_MS = 30_000;

export function isStale(tick: PriceTick, now: number): boolean {
  return now - tick.ts > STALE_PRICE_MS;
}

/** Marks positions at the latest cached tick (the feed keeps it fresh). */
export function cacheMarks(cache: Cache): MarkLookup {
  return async (symbol) => {
    const tick = await getLatestTick(cache, symbol);
    return tick ? money(tick.price) : null;
  };
}
