import type { TokenView } from '@/contracts/tokens';
import type { Bus } from '@/server/infra/bus/types';
import type { Cache } from '@/server/infra/cache/types';
import type { RateLimiter } from '@/server/infra/ratelimit/types';
import { openLiveSubscription, streamSseTo, type SseResponse } from '@/server/services/live/live-doors';
import { liveHubFor, type LiveHub } from '@/server/services/live/live-hub';
import type { LiveFeed, LiveMessage } from '@/server/services/live/live-messages';
import { assertRateLimit } from '@/server/services/rate-limit/assert';
import { tokenKey } from './chains';
import { TOKENS_TOPIC } from './token-keys';
import { allTokens } from './token-reader';

/**
 * Live tokens: the refresh cycle publishes the tokens that changed as one bus event, which leaves as one
 * SSE `tokens` event (an array); a slow client is caught up with the latest of each token.
 */
export const TOKEN_FEED: LiveFeed<TokenView> = {
  topic: TOKENS_TOPIC,
  event: 'tokens',
  itemsOf: (data) => (data as { tokens: TokenView[] }).tokens,
  keyOf: (token) => tokenKey(token.chain, token.address),
  batched: true,
};

export type TokenHub = LiveHub<TokenView>;
export const getTokenHub = (bus: Bus): TokenHub => liveHubFor(bus, TOKEN_FEED);

export interface TokenStreamRequest {
  cache: Cache;
  ratelimit: RateLimiter;
  /** `user:<id>` when signed in, else `ip:<address>` (see streamIdentity). */
  identity: string;
  lastEventId?: string | null;
  /** Cache key prefix of the aggregator (tests keep theirs apart). */
  prefix?: string;
}

async function admit(req: TokenStreamRequest) {
  await assertRateLimit(req.ratelimit, 'stream:connect', req.identity);
  return {
    identity: req.identity,
    lastEventId: req.lastEventId,
    snapshot: () => allTokens(req.cache, { prefix: req.prefix }),
  };
}

/** The EventSource door: `event: tokens` with the changed tokens, or `event: snapshot` with all of them. */
export async function streamTokensTo(hub: TokenHub, req: TokenStreamRequest, res: SseResponse, headers: Record<string, string>) {
  await streamSseTo(hub, null, await admit(req), res, headers);
}

export type TokenStreamEvent = { type: 'tokens' | 'snapshot'; tokens: TokenView[] };

const toEvent = (group: LiveMessage<TokenView>[]): TokenStreamEvent => {
  const [first] = group;
  return first!.type === 'snapshot'
    ? { type: 'snapshot', tokens: first!.items }
    : { type: 'tokens', tokens: group.map((m) => (m as { item: TokenView }).item) };
};

/** The tRPC door: one tracked event per refresh cycle's changes (or the snapshot). */
export async function openTokenSubscription(hub: TokenHub, req: TokenStreamRequest, signal?: AbortSignal) {
  return openLiveSubscription(hub, null, await admit(req), toEvent, signal);
}
