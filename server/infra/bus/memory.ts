import { compareEventIds, type Bus, type BusEvent } from './types';

interface Topic {
  buffer: BusEvent[];
  /** Id of the newest event that has left the buffer; resuming before it would leave a gap. */
  evictedThrough: string | null;
  handlers: Set<(event: BusEvent) => void>;
}

/** In-process bus for the local profile: synchronous fan-out and a bounded replay ring per topic. */
export function createMemoryBus(opts: { replaySize?: number } = {}): Bus {
  const replaySize = opts.replaySize ?? 10_000;
  const topics = new Map<string, Topic>();
  let lastMs = 0;
  let seq = 0;

  const topicOf = (name: string): Topic => {
    let topic = topics.get(name);
    if (!topic) {
      topic = { buffer: [], evictedThrough: null, handlers: new Set() };
      topics.set(name, topic);
    }
    return topic;
  };

  const nextId = () => {
    const now = Date.now();
    if (now > lastMs) {
      lastMs = now;
      seq = 0;
    } else {
      seq++;
    }
    return `${lastMs}-${seq}`;
  };

  return {
    async publish<T>(name: string, data: T) {
      const topic = topicOf(name);
      const event: BusEvent<T> = { id: nextId(), topic: name, data };
      topic.buffer.push(event);
      if (topic.buffer.length > replaySize) {
        // Drop in chunks so eviction stays O(1) amortised.
        const dropped = topic.buffer.splice(0, Math.max(1, Math.floor(replaySize / 10)));
        topic.evictedThrough = dropped[dropped.length - 1]!.id;
      }
      for (const handler of topic.handlers) handler(event);
      return event;
    },
    async subscribe<T>(name: string, handler: (event: BusEvent<T>) => void) {
      const topic = topicOf(name);
      const h = handler as (event: BusEvent) => void;
      topic.handlers.add(h);
      return async () => {
        topic.handlers.delete(h);
      };
    },
    async replay<T>(name: string, afterId: string) {
      const topic = topicOf(name);
      if (topic.evictedThrough && compareEventIds(afterId, topic.evictedThrough) < 0) return null;
      // Binary search for the first event after `afterId`.
      const { buffer } = topic;
      let lo = 0;
      let hi = buffer.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (compareEventIds(buffer[mid]!.id, afterId) <= 0) lo = mid + 1;
        else hi = mid;
      }
      return buffer.slice(lo) as BusEvent<T>[];
    },
  };
}
