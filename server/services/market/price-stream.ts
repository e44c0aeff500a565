import { tracked } from '@trpc/server';
import type { Cache } from '@/server/infra/cache/types';
import type { Db } from '@/server/infra/db/types';
import type { RateLimiter } from '@/server/infra/ratelimit/types';
import { assertRateLimit } from '@/server/services/rate-limit/assert';
import type { PriceHub } from './price-hub';
import { SSE_HEARTBEAT, SSE_PREAMBLE, type PriceMessage } from './price-messages';
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

export const streamIdentity = (user: { id: string } | null, clientIp: string) => (user ? `user:${user.id}` : `ip:${clientIp}`);

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

/** What the EventSource door needs of a response: Node's `ServerResponse` has it all. */
export interface SseResponse {
  writeHead(status: number, headers: Record<string, string>): unknown;
  write(chunk: Uint8Array): boolean;
  readonly writableNeedDrain: boolean;
  readonly destroyed: boolean;
  on(event: 'drain' | 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * The EventSource door, written straight onto the Node response: every subscriber with the same filter
 * is handed the same pre-encoded bytes, so a frame costs one `write` per client — the least an SSE fan-out
 * can do. While a client's socket buffer is full (`writableNeedDrain`) the hub coalesces its prices and
 * `drain` sends the latest per symbol. Refusals throw before anything is written, so the caller can still
 * answer with a JSON error and a status.
 */
export async function streamPricesTo(
  hub: PriceHub,
  req: PriceStreamRequest,
  res: SseResponse,
  headers: Record<string, string>,
): Promise<void> {
  const symbols = await admit(req);
  // The head goes out with the first frame, or right after opening when there is none yet.
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    res.writeHead(200, headers);
    res.write(SSE_PREAMBLE);
  };
  const write = (chunk: Uint8Array) => {
    start();
    res.write(chunk);
  };
  const handle = await hub.open(
    {
      symbols,
      ready: () => !res.destroyed && !res.writableNeedDrain,
      deliver: (frame) => write(frame.bytes()),
      heartbeat: () => write(SSE_HEARTBEAT),
    },
    openOptions(req),
  );
  start();
  res.on('drain', () => handle.drain());
  res.on('close', () => handle.close());
  // A write racing the client's disconnect is dropped with the connection, not thrown.
  res.on('error', () => handle.close());
  if (res.destroyed) handle.close();
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
