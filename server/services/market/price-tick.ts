import type { Cache } from '@/server/infra/cache/types';
import type { z } from 'zod';
import type { marketSessionSchema, priceTickSchema } from '@/contracts/market';

/** The bus topic every price tick is published on (one event per tick). */
export const PRICE_TOPIC = 'prices';

/** One price update, as published on the bus, cached as the latest snapshot and sent over SSE. */
export type PriceTick = z.infer<typeof priceTickSchema>;
export type MarketSessionView = z.infer<typeof marketSessionSchema>;

/** The latest snapshot per asset lives in the cache with a short TTL. */
export const SNAPSHOT_TTL_MS = 10_000;

export const latestTickKey = (symbol: string) => `market:latest:${symbol}`;

export function getLatestTick(cache: Cache, symbol: string): Promise<PriceTick | null> {
  return cache.get<PriceTick>(latestTickKey(symbol));
}

/**
 * What the running feed says about a symbol's source, refreshed every few seconds under a short TTL: whether
 * it is down (stale) and, for session-traded assets, whether the market is open. Readers combine it with the
 * latest tick; when it is missing (no feed running) a price older than `UNWATCHED_STALE_MS` counts as stale.
 */
export interface SymbolStatus {
  /** `sim`, `binance`, `yahoo`, `tokens`. */
  source: string;
  stale: boolean;
  /** Epoch ms of the source's last tick for the symbol; null when it has given none. */
  lastTickAt: number | null;
  session: MarketSessionView | null;
}

export const STATUS_TTL_MS = 30_000;
/** With no feed status (the feed stopped), a price this old is shown stale. */
export const UNWATCHED_STALE_MS = 60_000;

export const symbolStatusKey = (symbol: string) => `market:status:${symbol}`;

export function getSymbolStatus(cache: Cache, symbol: string): Promise<SymbolStatus | null> {
  return cache.get<SymbolStatus>(symbolStatusKey(symbol));
}

/** A stored tick as a reader sees it now: its age, and stale/session from the feed's status when there is one. */
export function tickAsOf(tick: PriceTick, status: SymbolStatus | null, now: number): PriceTick {
  const ageMs = Math.max(0, now - tick.ts);
  const session = status ? status.session : (tick.session ?? null);
  const stale = status ? status.stale : !(session && !session.open) && ageMs > UNWATCHED_STALE_MS;
  return { ...tick, ageMs, stale, session };
}

/**
 * True when a regular session opened between the previous tick and this one (an overnight or weekend gap of a
 * session-traded asset): windowed move checks (the circuit breaker, percentage alerts) start over instead of
 * judging the gap as a move.
 */
export function opensNewSession(previousTs: number | null, tick: PriceTick): boolean {
  const opensAt = tick.session?.opensAt;
  return previousTs !== null && opensAt != null && tick.session!.open && previousTs < opensAt && tick.ts >= opensAt;
}
