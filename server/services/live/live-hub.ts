import { compareEventIds, type Bus, type BusEvent, type Unsubscribe } from '@/server/infra/bus/types';
import { AppError } from '@/server/errors';
import { ORIGIN_EVENT_ID, encodeSse, type LiveFeed, type LiveMessage } from './live-messages';

/** A batch of messages for one subscriber; `bytes()` is its SSE encoding, shared by every like subscriber. */
export interface LiveFrame<Item> {
  messages: readonly LiveMessage<Item>[];
  bytes(): Uint8Array;
}

/** One live connection, whatever door it came through. */
export interface LiveSubscriber<Item> {
  /** Keys wanted (symbols, for prices); null for all. */
  readonly keys: ReadonlySet<string> | null;
  /** Whether it can take a frame now; while it cannot, its items are coalesced (latest per key). */
  ready(): boolean;
  deliver(frame: LiveFrame<Item>): void;
  heartbeat?(): void;
}

export interface OpenOptions<Item> {
  lastEventId?: string | null;
  /** The current items, for a subscriber that cannot resume (first connect, or resuming past the buffer). */
  snapshot: () => Promise<Item[]>;
  /** Who is connecting, for the concurrent-connection cap. */
  identity: string;
}

export interface LiveHubHandle {
  /** Sends what was coalesced while the subscriber was not ready; call when it becomes ready. */
  drain(): void;
  close(): void;
  /** Coalesced messages waiting (at most one per key, and at most `maxPendingKeys`). */
  readonly pendingSize: number;
}

export interface LiveHubOptions {
  heartbeatMs?: number;
  /** Bound on a stalled subscriber's coalescing buffer (distinct keys). */
  maxPendingKeys?: number;
  /** Concurrent connections one user or IP may hold on this process. */
  maxConnectionsPerIdentity?: number;
}

interface Entry<Item> {
  sub: LiveSubscriber<Item>;
  key: string;
  identity: string;
  /** Live messages held back while the subscriber's resume or snapshot is being prepared. */
  priming: LiveMessage<Item>[] | null;
  pending: Map<string, LiveMessage<Item> & { type: 'item' }>;
}

/**
 * One bus subscription per process and topic, fanned out to every live connection on it (prices, tokens).
 * Events that arrive together are sent as one frame, encoded once per distinct key filter and shared by all
 * subscribers with that filter; a subscriber that is not ready gets the latest item per key when it is.
 */
export class LiveHub<Item> {
  private readonly entries = new Set<Entry<Item>>();
  private readonly perIdentity = new Map<string, number>();
  private frame: LiveMessage<Item>[] = [];
  private flushScheduled = false;
  private lastId = ORIGIN_EVENT_ID;
  private started: Promise<Unsubscribe> | null = null;
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private readonly opts: Required<LiveHubOptions>;

  constructor(
    private readonly bus: Bus,
    readonly feed: LiveFeed<Item>,
    opts: LiveHubOptions = {},
  ) {
    this.opts = { heartbeatMs: 15_000, maxPendingKeys: 1_000, maxConnectionsPerIdentity: 20, ...opts };
  }

  get connections(): number {
    return this.entries.size;
  }

  /**
   * Subscribes to the bus once; later calls share the subscription. A subscription the bus refused (Redis
   * down) is not kept: the next open tries again, so the hub recovers with the bus.
   */
  start(): Promise<Unsubscribe> {
    this.started ??= this.bus.subscribe(this.feed.topic, (event) => this.onEvent(event)).catch((error: unknown) => {
      this.started = null;
      throw error;
    });
    this.heartbeat ??= setInterval(() => this.beat(), this.opts.heartbeatMs);
    return this.started;
  }

  async stop(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    const unsubscribe = await this.started;
    this.started = null;
    await unsubscribe?.();
  }

  /**
   * Attaches a subscriber. With a `lastEventId` still in the bus's replay buffer it first receives exactly
   * the events after that id; otherwise a `snapshot` message. Live events that arrive meanwhile are held
   * and sent after, so nothing falls between the two.
   */
  async open(sub: LiveSubscriber<Item>, opts: OpenOptions<Item>): Promise<LiveHubHandle> {
    await this.start();
    // From here to entries.add nothing awaits, so concurrent opens cannot overshoot the cap.
    const held = this.perIdentity.get(opts.identity) ?? 0;
    if (held >= this.opts.maxConnectionsPerIdentity) {
      throw new AppError('RATE_LIMITED', `At most ${this.opts.maxConnectionsPerIdentity} live streams at once`, {
        reason: 'TOO_MANY_STREAMS',
        retryAfterSeconds: 5,
      });
    }
    this.perIdentity.set(opts.identity, held + 1);
    const entry: Entry<Item> = { sub, key: filterKey(sub.keys), identity: opts.identity, priming: [], pending: new Map() };
    // Events received but not yet flushed go to the others now: this entry's resume or snapshot covers them,
    // and the snapshot's id (the newest seen) must not be followed by the same id again.
    if (this.frame.length) this.flush();
    const newestSeen = this.lastId;
    this.entries.add(entry);
    const close = () => this.remove(entry);
    try {
      const first = await this.firstMessages(sub.keys, opts, newestSeen);
      // Live events that arrived while replaying may also be in the replay: send each id once, in order.
      const after = first.at(-1)?.id ?? opts.lastEventId ?? newestSeen;
      const live = entry.priming!.filter((m) => compareEventIds(m.id, after) > 0 && this.wants(sub.keys, m));
      entry.priming = null;
      // Events received but not flushed yet reach this entry with the coming flush; the replay may hold them too.
      const unflushed = new Set(this.frame.map((m) => m.id));
      const messages = [...first, ...live].filter((m) => m.type === 'snapshot' || !unflushed.has(m.id));
      if (messages.length) this.send(entry, this.frameOf(messages));
    } catch (error) {
      close();
      throw error;
    }
    return {
      drain: () => this.drain(entry),
      close,
      get pendingSize() {
        return entry.pending.size;
      },
    };
  }

  private async firstMessages(keys: ReadonlySet<string> | null, opts: OpenOptions<Item>, newestSeen: string): Promise<LiveMessage<Item>[]> {
    if (opts.lastEventId) {
      const replayed = await this.bus.replay(this.feed.topic, opts.lastEventId);
      if (replayed) return replayed.flatMap((e) => this.messagesOf(e)).filter((m) => this.wants(keys, m));
    }
    // The snapshot carries the newest id seen before it was taken: resuming from it later misses nothing.
    const items = await opts.snapshot();
    return [{ type: 'snapshot', id: newestSeen, items: keys ? items.filter((i) => keys.has(this.feed.keyOf(i))) : items }];
  }

  private messagesOf(event: BusEvent): LiveMessage<Item>[] {
    return this.feed.itemsOf(event.data).map((item) => ({ type: 'item', id: event.id, item }));
  }

  private wants(keys: ReadonlySet<string> | null, m: LiveMessage<Item>): boolean {
    return !keys || m.type !== 'item' || keys.has(this.feed.keyOf(m.item));
  }

  private frameOf(messages: readonly LiveMessage<Item>[]): LiveFrame<Item> {
    let bytes: Uint8Array | null = null;
    return { messages, bytes: () => (bytes ??= encodeSse(this.feed, messages)) };
  }

  private remove(entry: Entry<Item>): void {
    if (!this.entries.delete(entry)) return;
    const left = (this.perIdentity.get(entry.identity) ?? 1) - 1;
    if (left > 0) this.perIdentity.set(entry.identity, left);
    else this.perIdentity.delete(entry.identity);
  }

  private onEvent(event: BusEvent): void {
    this.lastId = event.id;
    this.frame.push(...this.messagesOf(event));
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      // Events published together (one source batch) leave as one frame.
      setTimeout(() => this.flush(), 0);
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    const messages = this.frame;
    this.frame = [];
    const frames = new Map<string, LiveFrame<Item> | null>();
    for (const entry of this.entries) {
      const { sub } = entry;
      if (entry.priming) {
        entry.priming.push(...messages);
        continue;
      }
      if (entry.pending.size === 0 && sub.ready()) {
        let frame = frames.get(entry.key);
        if (frame === undefined) {
          const mine = sub.keys ? messages.filter((m) => this.wants(sub.keys, m)) : messages;
          frame = mine.length ? this.frameOf(mine) : null;
          frames.set(entry.key, frame);
        }
        if (frame) this.send(entry, frame);
        continue;
      }
      for (const m of messages) {
        if (m.type !== 'item' || !this.wants(sub.keys, m)) continue;
        // Delete then set: the map stays ordered by latest update, which is id order.
        const key = this.feed.keyOf(m.item);
        entry.pending.delete(key);
        entry.pending.set(key, m);
        if (entry.pending.size > this.opts.maxPendingKeys) entry.pending.delete(entry.pending.keys().next().value!);
      }
      if (sub.ready()) this.drain(entry);
    }
  }

  private drain(entry: Entry<Item>): void {
    if (entry.priming || entry.pending.size === 0 || !this.entries.has(entry)) return;
    const messages = [...entry.pending.values()];
    entry.pending.clear();
    this.send(entry, this.frameOf(messages));
  }

  /** A subscriber whose connection broke without telling us (write after close) is dropped, not fatal to the rest. */
  private send(entry: Entry<Item>, frame: LiveFrame<Item>): void {
    try {
      entry.sub.deliver(frame);
    } catch {
      this.remove(entry);
    }
  }

  private beat(): void {
    for (const entry of this.entries) {
      if (!entry.sub.ready()) continue;
      try {
        entry.sub.heartbeat?.();
      } catch {
        this.remove(entry);
      }
    }
  }
}

const filterKey = (keys: ReadonlySet<string> | null) => (keys ? [...keys].sort().join(',') : '*');

const g = globalThis as typeof globalThis & { __primetradeLiveHubs?: WeakMap<Bus, Map<string, LiveHub<unknown>>> };

/** The process's hub for a bus and feed. On globalThis because Next.js bundles each route (and each door) apart. */
export function liveHubFor<Item>(bus: Bus, feed: LiveFeed<Item>, create = () => new LiveHub(bus, feed)): LiveHub<Item> {
  g.__primetradeLiveHubs ??= new WeakMap();
  let byTopic = g.__primetradeLiveHubs.get(bus);
  if (!byTopic) g.__primetradeLiveHubs.set(bus, (byTopic = new Map()));
  let hub = byTopic.get(feed.topic) as LiveHub<Item> | undefined;
  if (!hub) {
    hub = create();
    byTopic.set(feed.topic, hub as LiveHub<unknown>);
  }
  return hub;
}
