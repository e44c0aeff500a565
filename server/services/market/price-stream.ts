import type { Cache } from '@/server/infra/cache/types';
import type { Db } from '@/server/infra/db/types';
import type { RateLimiter } from '@/server/infra/ratelimit/types';
import { assertRateLimit } from '@/server/services/rate-limit/assert';
import { openLiveSubscription, streamSseTo, type SseResponse } from '@/server/services/live/live-doors';
import type { LiveMessage } from '@/server/services/live/live-messages';
import type { PriceHub } from './price-hub';
import type { PriceTick } from './price-tick';
import { assertKnownSymbols, latestTicks } from './snapshot';

export interface PriceStreamRequest {
  db: Db;
  cache: Cache;
  ratelimit: RateLimiter;
  /** `user:<id>` when signed in, else `ip:<address>`. */
  identity: string;
  symbols?: readonly string[];
  lastEventId?: string | null;
}

/** Checks the connection policy and the symbol filter; unknown symbols are NOT_FOUND, not silently empty. */
async function admit(req: PriceStreamRequest): Promise<ReadonlySet<string> | null> {
  await assertRateLimit(req.ratelimit, 'stream:connect', req.identity);
  if (!req.symbols?.length) return null;
  const wanted = new Set(req.symbols);
  await assertKnownSymbols(req, [...wanted]);
  return wanted;
}

const openOptions = (req: PriceStreamRequest) => ({
  identity: req.identity,
  lastEventId: req.lastEventId,
  // Fresh per-asset reads: the snapshot's id promises nothing older is missing.
  snapshot: () => latestTicks(req, req.symbols?.length ? req.symbols : undefined),
});

/** The EventSource door for prices (see streamSseTo); refusals throw before anything is written. */
export async function streamPricesTo(hub: PriceHub, req: PriceStreamRequest, res: SseResponse, headers: Record<string, string>) {
  await streamSseTo(hub, await admit(req), openOptions(req), res, headers);
}

export type PriceStreamEvent = { type: 'price'; tick: PriceTick } | { type: 'snapshot'; ticks: PriceTick[] };

/** The tRPC door for prices: one tracked event per tick, or the snapshot. */
export async function openPriceSubscription(hub: PriceHub, req: PriceStreamRequest, signal?: AbortSignal) {
  const toEvent = ([m]: LiveMessage<PriceTick>[]): PriceStreamEvent =>
    m!.type === 'item' ? { type: 'price', tick: m!.item } : { type: 'snapshot', ticks: m!.items };
  return openLiveSubscription(hub, await admit(req), openOptions(req), toEvent, signal);
}
