import { compareEventIds, type Bus, type BusEvent } from '@/server/infra/bus/types';

/** More buffered than this and the client is too slow: it is told to refetch instead of being fed forever. */
const MAX_BUFFERED = 1_000;

export type TopicStreamItem<T> = { id: string; event: T | { type: 'resync' } };

/**
 * One private topic's events, live, resuming after `lastEventId` from the bus's replay buffer. Subscribes
 * before replaying and skips ids already sent, so nothing falls between the replay and the live events; a gap
 * the buffer cannot fill, or a client too slow to keep up, gets a `resync` (refetch) instead.
 */
export async function* topicEvents<T>(
  bus: Bus,
  topic: string,
  lastEventId: string | null | undefined,
  signal: AbortSignal | undefined,
): AsyncGenerator<TopicStreamItem<T>> {
  yield* await openTopicEvents<T>(bus, topic, lastEventId, signal);
}

/**
 * `topicEvents`, subscribed before it returns: a bus that cannot subscribe (Redis down) throws here — before
 * a stream door has written its head, so it can still answer 503 — rather than on the first read.
 */
export async function openTopicEvents<T>(
  bus: Bus,
  topic: string,
  lastEventId: string | null | undefined,
  signal: AbortSignal | undefined,
): Promise<AsyncGenerator<TopicStreamItem<T>>> {
  const buffer: BusEvent<T>[] = [];
  let overflowed = false;
  let wake: (() => void) | null = null;
  const unsubscribe = await bus.subscribe<T>(topic, (event) => {
    if (buffer.length >= MAX_BUFFERED) overflowed = true;
    else buffer.push(event);
    wake?.();
  });
  return (async function* () {
    const onAbort = () => wake?.();
    signal?.addEventListener('abort', onAbort);
    try {
      let last = lastEventId ?? null;
      if (last) {
        const missed = await bus.replay<T>(topic, last);
        if (missed === null) yield { id: last, event: { type: 'resync' } };
        for (const e of missed ?? []) {
          yield { id: e.id, event: e.data };
          last = e.id;
        }
      }
      while (!signal?.aborted) {
        if (overflowed) {
          overflowed = false;
          buffer.length = 0;
          yield { id: last ?? '0-0', event: { type: 'resync' } };
        }
        const next = buffer.shift();
        if (next) {
          if (last && compareEventIds(next.id, last) <= 0) continue;
          last = next.id;
          yield { id: next.id, event: next.data };
          continue;
        }
        await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      await unsubscribe();
    }
  })() as AsyncGenerator<TopicStreamItem<T>>;
}
