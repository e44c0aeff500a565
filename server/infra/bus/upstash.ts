import type { Redis } from '@upstash/redis';
import { tagDependency } from '@/server/dependency-errors';
import { consoleLog, type Log } from '../log';
import { warnThrottled } from '../upstash/client';
import { compareEventIds, isEventId, type Bus, type BusEvent } from './types';

// XADD, then trim in chunks (amortised, like the in-process ring) and remember the newest trimmed id, so
// replay can tell "nothing after this id" from "what was after this id is gone". Portable: no XINFO fields
// newer than what Upstash documents.
const PUBLISH = `local id = redis.call('XADD', KEYS[1], '*', 'd', ARGV[1])
local keep = tonumber(ARGV[2])
local len = redis.call('XLEN', KEYS[1])
if len > keep + tonumber(ARGV[3]) then
  local gone = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', len - keep)
  redis.call('SET', KEYS[2], gone[#gone][1])
  redis.call('XTRIM', KEYS[1], 'MAXLEN', keep)
end
return id`;

type StreamEntry = [id: string, fields: string[]];

interface Topic {
  key: string;
  cursor: string;
  handlers: Set<(event: BusEvent) => void>;
}

export interface UpstashBusOptions {
  prefix?: string;
  /** Events kept per topic for replay (at least this many; up to 10% more between trims). */
  replaySize?: number;
  /** How often the one poller of this process asks Redis for new events on every subscribed topic. */
  pollMs?: number;
  log?: Log;
}

/**
 * The bus port on Redis streams over Upstash REST: ids are the stream ids (`<ms>-<seq>`), the stream is
 * the replay buffer. Subscribing does not open a connection per subscriber: one poller per process reads
 * every subscribed topic in one non-blocking XREAD per interval and fans out locally, so Redis load grows
 * with instances, not with connected clients. Failure modes: publish and a first subscribe to a topic throw
 * a DependencyError naming the bus (the publisher decides; a stream door answers 503); replay answers null
 * (the client gets a fresh snapshot); a failed poll is retried from the same cursor, so subscribers already
 * attached resume where they were when Redis is back.
 */
export function createUpstashBus(redis: Redis, opts: UpstashBusOptions = {}): Bus & { close(): void } {
  const prefix = opts.prefix ?? '';
  const replaySize = opts.replaySize ?? 10_000;
  const slack = Math.max(1, Math.floor(replaySize / 10));
  const pollMs = opts.pollMs ?? 200;
  const log = opts.log ?? consoleLog;
  const publishScript = redis.createScript<string>(PUBLISH);
  const topics = new Map<string, Topic>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  // One poll at a time: two in flight would read from the same cursors and deliver events twice.
  let polling = false;
  let closed = false;

  const streamKey = (topic: string) => `${prefix}bus:${topic}`;
  const trimmedKey = (topic: string) => `${prefix}bus-trimmed:${topic}`;
  const toEvent = <T>(topic: string, [id, fields]: StreamEntry): BusEvent<T> => ({
    id,
    topic,
    data: JSON.parse(fields[fields.indexOf('d') + 1]!) as T,
  });

  async function poll() {
    timer = undefined;
    const active = [...topics.entries()];
    if (active.length === 0 || closed) return;
    let full = false;
    polling = true;
    try {
      const count = 1_000;
      const reply = (await redis.xread(
        active.map(([, t]) => t.key),
        active.map(([, t]) => t.cursor),
        { count },
      )) as [key: string, entries: StreamEntry[]][] | null;
      for (const [key, entries] of reply ?? []) {
        const found = active.find(([, t]) => t.key === key);
        if (!found || entries.length === 0) continue;
        const [name, topic] = found;
        topic.cursor = entries[entries.length - 1]![0];
        full ||= entries.length === count;
        for (const entry of entries) deliver(topic, toEvent(name, entry));
      }
    } catch (error) {
      warnThrottled('bus poll', error, log);
    } finally {
      polling = false;
    }
    schedule(full ? 0 : pollMs);
  }

  // Concurrent first subscribers of a topic share one lookup of where the stream ends.
  const opening = new Map<string, Promise<Topic>>();
  const openTopic = (name: string): Promise<Topic> => {
    let pending = opening.get(name);
    if (!pending) {
      pending = (async () => {
        // Start after the newest event, so a subscriber sees what is published from now on.
        const [last] = (await redis.xrevrange(streamKey(name), '+', '-', 1).catch((error: unknown) => {
          throw tagDependency('bus', error);
        })) as unknown as StreamEntry[];
        const topic: Topic = { key: streamKey(name), cursor: last?.[0] ?? '0-0', handlers: new Set() };
        topics.set(name, topic);
        return topic;
      })().finally(() => opening.delete(name));
      opening.set(name, pending);
    }
    return pending;
  };

  const schedule = (ms: number) => {
    if (!closed && !timer && !polling && topics.size > 0) timer = setTimeout(() => void poll(), ms);
  };

  return {
    async publish<T>(topic: string, data: T) {
      const id = await publishScript
        .exec([streamKey(topic), trimmedKey(topic)], [JSON.stringify(data), String(replaySize), String(slack)])
        .catch((error: unknown) => {
          throw tagDependency('bus', error);
        });
      return { id: String(id), topic, data };
    },

    async subscribe<T>(name: string, handler: (event: BusEvent<T>) => void) {
      const topic = topics.get(name) ?? (await openTopic(name));
      const h = handler as (event: BusEvent) => void;
      topic.handlers.add(h);
      schedule(pollMs);
      return async () => {
        topic.handlers.delete(h);
        if (topic.handlers.size === 0 && topics.get(name) === topic) topics.delete(name);
      };
    },

    async replay<T>(topic: string, afterId: string) {
      if (!isEventId(afterId)) return null;
      try {
        // One transaction, so a trim cannot land between reading the marker and reading the range.
        const [trimmedThrough, entries] = (await redis
          .multi()
          .get(trimmedKey(topic))
          .xrange(streamKey(topic), `(${afterId}`, '+')
          .exec()) as [string | null, StreamEntry[]];
        if (trimmedThrough && compareEventIds(afterId, trimmedThrough) < 0) return null;
        return entries.map((entry) => toEvent<T>(topic, entry));
      } catch (error) {
        warnThrottled('bus replay', error, log);
        return null;
      }
    },

    close() {
      closed = true;
      if (timer) clearTimeout(timer);
    },
  };

  function deliver(topic: Topic, event: BusEvent) {
    for (const handler of topic.handlers) {
      try {
        handler(event);
      } catch (error) {
        log.error({ err: error, topic: topic.key }, 'bus subscriber failed');
      }
    }
  }
}
