import type { Bus } from '@/server/infra/bus/types';
import { LiveHub, liveHubFor, type LiveHubOptions } from '@/server/services/live/live-hub';
import type { LiveFeed } from '@/server/services/live/live-messages';
import { PRICE_TOPIC, type PriceTick } from './price-tick';

/** Live prices: one tick per bus event, filtered and coalesced by symbol, each tick its own SSE `price` event. */
export const PRICE_FEED: LiveFeed<PriceTick> = {
  topic: PRICE_TOPIC,
  event: 'price',
  itemsOf: (data) => [data as PriceTick],
  keyOf: (tick) => tick.symbol,
  batched: false,
};

export class PriceHub extends LiveHub<PriceTick> {
  constructor(bus: Bus, opts: LiveHubOptions = {}) {
    super(bus, PRICE_FEED, opts);
  }
}

/** The process's price hub for a bus. */
export const getPriceHub = (bus: Bus): PriceHub => liveHubFor(bus, PRICE_FEED, () => new PriceHub(bus));
