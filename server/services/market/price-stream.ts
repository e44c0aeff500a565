import { tracked } from '@trpc/server';
import { AppError } from '@/server/errors';
import type { Cache } from '@/server/infra/cache/types';
import type { Db } from '@/server/infra/db/types';
import type { RateLimiter } from '@/server/infra/ratelimit/types';
import { assertRateLimit } from '@/server/services/rate-limit/assert';
import type { PriceHub, PriceHubHandle } from './price-hub';
import { SSE_HEARTBEAT, SSE_PREAMBLE, type PriceMessage } from './price-messages';
import { activeSymbols, latestTicks } from './snapshot';

export interface PriceStreamRequest {
  db: Db;
  cache: Cache;
  ratelimit: RateLimiter;
  /** `user:<id>` when signed in, else `ip:<address>`. */
  identity: string;
  symbols?: readonly string[];
  lastEventId?: string | null;
}

export const streamIdentity = (user: { id: string } | null, clientIp: string) => (user ? `user:${user.id}` : `ip:${clientIp}`);

/** Checks the connection policy and the symbol filter; unknown symbols are NOT_FOUND, not silently empty. */
async function admit(req: PriceStreamRequest): Promise<ReadonlySet<string> | null> {
  await assertRateLimit(req.ratelimit, 'stream:connect', req.identity);
  if (!req.symbols?.length) return null;
  const wanted = new Set(req.symbols.map((s) => s.toUpperCase()));
  const known = new Set(await activeSymbols(req));
  const unknown = [...wanted].filter((s) => !known.has(s));
  if (unknown.length) throw new AppError('NOT_FOUND', `Unknown asset ${unknown.join(', ')}`, { reason: 'UNKNOWN_SYMBOL', details: { symbols: unknown } });
  return wanted;
}

const openOptions = (req: PriceStreamRequest) => ({
  identity: req.identity,
  lastEventId: req.lastEventId,
  // Fresh per-asset reads: the snapshot's id promises nothing older is missing.
  snapshot: () => latestTicks(req, req.symbols?.length ? req.symbols : undefined),
});

/**
 * The EventSource door: an SSE byte stream. Frames are enqueued as shared pre-encoded bytes while the
 * response keeps up; once `highWaterMark` chunks wait unread, the hub coalesces instead, and `pull`
 * (the consumer reading again) sends the coalesced prices.
 *
 * `pull` stays pending while the client keeps up: a stream calls it after every chunk read otherwise,
 * which at thousands of clients × ten frames a second is a large share of the fan-out's cost. It is
 * released the moment the hub finds the client full, so the next read drains what was coalesced.
 */
export async function openPriceEventStream(
  hub: PriceHub,
  req: PriceStreamRequest,
  signal?: AbortSignal,
): Promise<ReadableStream<Uint8Array>> {
  const symbols = await admit(req);
  let handle: PriceHubHandle | null = null;
  let closed = false;
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let releasePull: (() => void) | null = null;
  const stream = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
        c.enqueue(SSE_PREAMBLE);
      },
      pull() {
        handle?.drain();
        if (closed) return;
        return new Promise<void>((resolve) => (releasePull = resolve));
      },
      cancel() {
        closed = true;
        releasePull?.();
        handle?.close();
      },
    },
    { highWaterMark: 8 },
  );
  const ready = () => {
    if (!closed && (controller.desiredSize ?? 0) > 0) return true;
    releasePull?.();
    releasePull = null;
    return false;
  };
  handle = await hub.open(
    {
      symbols,
      ready,
      deliver: (frame) => controller.enqueue(frame.bytes()),
      heartbeat: () => controller.enqueue(SSE_HEARTBEAT),
    },
    openOptions(req),
  );
  // The client going away may surface as a cancelled stream or as an aborted request, depending on the server.
  const onAbort = () => {
    closed = true;
    handle?.close();
  };
  if (signal?.aborted || closed) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  return stream;
}

export type PriceStreamEvent =
  | { type: 'price'; tick: Extract<PriceMessage, { type: 'price' }>['tick'] }
  | { type: 'snapshot'; ticks: Extract<PriceMessage, { type: 'snapshot' }>['ticks'] };

/**
 * The tRPC door: admission and the hub handle are settled before the generator is returned, so a refusal
 * is a proper tRPC error rather than a failed stream. Yields `tracked(id, …)` so httpSubscriptionLink
 * resumes with the last id on reconnect. Prices go straight to the generator while it waits and are
 * coalesced while it is busy yielding.
 */
export async function openPriceSubscription(hub: PriceHub, req: PriceStreamRequest, signal?: AbortSignal) {
  const symbols = await admit(req);
  const queue: PriceMessage[] = [];
  let wake: (() => void) | null = null;
  const handle = await hub.open(
    {
      symbols,
      ready: () => wake !== null,
      deliver: (frame) => {
        queue.push(...frame.messages);
        wake?.();
      },
    },
    openOptions(req),
  );

  async function* messages() {
    const onAbort = () => wake?.();
    signal?.addEventListener('abort', onAbort);
    try {
      while (!signal?.aborted) {
        if (queue.length === 0) handle.drain();
        const message = queue.shift();
        if (!message) {
          await new Promise<void>((resolve) => (wake = resolve));
          wake = null;
          continue;
        }
        const event: PriceStreamEvent =
          message.type === 'price' ? { type: 'price', tick: message.tick } : { type: 'snapshot', ticks: message.ticks };
        yield tracked(message.id, event);
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      handle.close();
    }
  }
  return messages();
}
