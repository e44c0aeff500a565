import { tracked } from '@trpc/server';
import type { LiveHub, OpenOptions } from './live-hub';
import { SSE_HEARTBEAT, SSE_PREAMBLE, groupById, type LiveMessage } from './live-messages';

/** Whom the per-identity stream caps and connect limits count: the user when signed in, else the IP. */
export const streamIdentity = (user: { id: string } | null, clientIp: string) => (user ? `user:${user.id}` : `ip:${clientIp}`);

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
 * can do. While a client's socket buffer is full (`writableNeedDrain`) the hub coalesces its items and
 * `drain` sends the latest per key. Call after admission: refusals must throw before anything is written,
 * so the caller can still answer with a JSON error and a status.
 */
export async function streamSseTo<Item>(
  hub: LiveHub<Item>,
  keys: ReadonlySet<string> | null,
  open: OpenOptions<Item>,
  res: SseResponse,
  headers: Record<string, string>,
): Promise<void> {
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
      keys,
      ready: () => !res.destroyed && !res.writableNeedDrain,
      deliver: (frame) => write(frame.bytes()),
      heartbeat: () => write(SSE_HEARTBEAT),
    },
    open,
  );
  start();
  res.on('drain', () => handle.drain());
  res.on('close', () => handle.close());
  // A write racing the client's disconnect is dropped with the connection, not thrown.
  res.on('error', () => handle.close());
  if (res.destroyed) handle.close();
}

/**
 * The tRPC door: call after admission, so a refusal is a proper tRPC error rather than a failed stream; the
 * hub handle is settled before the generator is returned. Yields `tracked(id, toEvent(group))` per bus event
 * (or snapshot), so httpSubscriptionLink resumes with the last id on reconnect. Items go straight to the
 * generator while it waits and are coalesced while it is busy yielding.
 */
export async function openLiveSubscription<Item, Event>(
  hub: LiveHub<Item>,
  keys: ReadonlySet<string> | null,
  open: OpenOptions<Item>,
  toEvent: (group: LiveMessage<Item>[]) => Event,
  signal?: AbortSignal,
) {
  const queue: LiveMessage<Item>[] = [];
  let wake: (() => void) | null = null;
  const handle = await hub.open(
    {
      keys,
      ready: () => wake !== null,
      deliver: (frame) => {
        queue.push(...frame.messages);
        wake?.();
      },
    },
    open,
  );

  async function* events() {
    const onAbort = () => wake?.();
    signal?.addEventListener('abort', onAbort);
    try {
      while (!signal?.aborted) {
        if (queue.length === 0) handle.drain();
        const [group] = groupById(queue);
        if (!group) {
          await new Promise<void>((resolve) => (wake = resolve));
          wake = null;
          continue;
        }
        queue.splice(0, group.length);
        yield tracked(group[0]!.id, toEvent(group));
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      handle.close();
    }
  }
  return events();
}
