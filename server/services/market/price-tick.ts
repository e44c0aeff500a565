import type { Cache } from '@/server/infra/cache/types';

/** The bus topic every price tick is published on (one event per tick). */
export const PRICE_TOPIC = 'prices';

/** One price update, as published on the bus, cached as the latest snapshot and sent over SSE. */
export interface PriceTick {
  symbol: string;
  /** Decimal string at the asset's price precision. */
  price: string;
  /** Epoch milliseconds. */
  ts: number;
  /** Percent change against the price 24 h earlier; null until known. */
  change24h: number | null;
}

/** The latest snapshot per asset lives in the cache with a short TTL. */
export const SNAPSHOT_TTL_MS = 10_000;

export const latestTickKey = (symbol: string) => `market:latest:${symbol}`;

export function getLatestTick(cache: Cache, symbol: string): Promise<PriceTick | null> {
  return cache.get<PriceTick>(latestTickKey(symbol));
}
