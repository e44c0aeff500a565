import type { Cache } from '@/server/infra/cache/types';
import type { z } from 'zod';
import type { priceTickSchema } from '@/contracts/market';

/** The bus topic every price tick is published on (one event per tick). */
export const PRICE_TOPIC = 'prices';

/** One price update, as published on the bus, cached as the latest snapshot and sent over SSE. */
export type PriceTick = z.infer<typeof priceTickSchema>;

/** The latest snapshot per asset lives in the cache with a short TTL. */
export const SNAPSHOT_TTL_MS = 10_000;

export const latestTickKey = (symbol: string) => `market:latest:${symbol}`;

export function getLatestTick(cache: Cache, symbol: string): Promise<PriceTick | null> {
  return cache.get<PriceTick>(latestTickKey(symbol));
}
