import { compareEventIds, type Bus, type BusEvent, type Unsubscribe } from '@/server/infra/bus/types';
import { AppError } from '@/server/errors';
import { ORIGIN_EVENT_ID, encodeSse, type PriceMessage } from './price-messages';
import { PRICE_TOPIC, type PriceTick } from './price-tick';

/** A batch of messages for one subscriber; `bytes()` is its SSE encoding, shared by every like subscriber. */
export interface PriceFrame {
  messages: readonly PriceMessage[];
  bytes(): Uint8Array;
}

/** One live-price connection, whatever door it came through. */
export interface PriceSubscriber {
  /** Symbols wanted; null for all. */
  readonly symbols: ReadonlySet<string> | null;
  /** Whether it can take a frame now; while it cannot, its prices are coalesced (latest per symbol). */
  ready(): boolean;
  deliver(frame: PriceFrame): void;
  heartbeat?(): void;
}

export interface OpenOptions {
  lastEventId?: string | null;
  /** The current prices, for a subscriber that cannot resume (first connect, or resuming past the buffer). */
  snapshot: () => Promise<PriceTick[]>;
  /** Who is connecting, for the concurrent-connection cap. */
  identity: string;
}

export interface PriceHubHandle {
  /** Sends what was coalesced while the subscriber was not ready; call when it becomes ready. */
  drain(): void;
  close(): void;
  /** Coalesced messages waiting (at most one per symbol, and at most `maxPendingSymbols`). */
  readonly pendingSize: number;
}

export interface PriceHubOptions {
  heartbeatMs?: number;
  /** Bound on a stalled subscriber's coalescing buffer (distinct symbols). */
  maxPendingSymbols?: number;
  /** Concurrent connections one user or IP may hold on this process. */
  maxConnectionsPerIdentity?: number;
}

interface Entry {
  sub: PriceSubscriber;
  key: string;
  identity: string;
  /** Live messages held back while the subscriber's resume or snapshot is being prepared. */
  priming: PriceMessage[] | null;
  pending: Map<string, PriceMessage & { type: 'price' }>;
}

/**
 * One bus subscription per process, fanned out to every live-price connection on it. Events that arrive
 * together are sent as one frame, encoded once per distinct symbol filter and shared by all subscribers
 * with that filter; a subscriber that is not ready gets the latest price per symbol when it is.
 */
export class PriceHub {
  private readonly entries = new Set<Entry>();
  private readonly perIdentity = new Map<string, number>();
  private frame: PriceMessage[] = [];
  private flushScheduled = false;
  private lastId = ORIGIN_EVENT_ID;
  private started: Promise<Unsubscribe> | null = null;
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private readonly opts: Required<PriceHubOptions>;

  constructor(
    private readonly bus: Bus,
    opts: PriceHubOptions = {},
  ) {
    this.opts = { heartbeatMs: 15_000, maxPendingSymbols: 1_000, maxConnectionsPerIdentity: 20, ...opts };
  }

  get connections(): number {
    return this.entries.size;
  }

  /** Subscribes to the bus once; later calls share the subscription. */
  start(): Promise<Unsubscribe> {
    this.started ??= this.bus.subscribe<PriceTick>(PRICE_TOPIC, (event) => this.onEvent(event));
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
  async open(sub: PriceSubscriber, opts: OpenOptions): Promise<PriceHubHandle> {
    await this.start();
    // From here to entries.add nothing awaits, so concurrent opens cannot overshoot the cap.
    const held = this.perIdentity.get(opts.identity) ?? 0;
    if (held >= this.opts.maxConnectionsPerIdentity) {
      throw new AppError('RATE_LIMITED', `At most ${this.opts.maxConnectionsPerIdentity} live price streams at once`, {
        reason: 'TOO_MANY_STREAMS',
        retryAfterSeconds: 5,
      });
    }
    this.perIdentity.set(opts.identity, held + 1);
    const entry: Entry = { sub, key: filterKey(sub.symbols), identity: opts.identity, priming: [], pending: new Map() };
    const newestSeen = this.lastId;
    this.entries.add(entry);
    const close = () => this.remove(entry);
    try {
      const first = await this.firstMessages(sub.symbols, opts, newestSeen);
      // Live events that arrived while replaying may also be in the replay: send each id once, in order.
      const after = first.at(-1)?.id ?? opts.lastEventId ?? newestSeen;
      const live = entry.priming!.filter((m) => compareEventIds(m.id, after) > 0 && wants(sub.symbols, m));
      entry.priming = null;
      // Events received but not flushed yet reach this entry with the coming flush; the replay may hold them too.
      const unflushed = new Set(this.frame.map((m) => m.id));
      const messages = [...first, ...live].filter((m) => m.type === 'snapshot' || !unflushed.has(m.id));
      if (messages.length) this.send(entry, frameOf(messages));
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

  private async firstMessages(symbols: ReadonlySet<string> | null, opts: OpenOptions, newestSeen: string): Promise<PriceMessage[]> {
    if (opts.lastEventId) {
      const replayed = await this.bus.replay<PriceTick>(PRICE_TOPIC, opts.lastEventId);
      if (replayed) {
        return replayed
          .filter((e) => !symbols || symbols.has(e.data.symbol))
          .map((e) => ({ type: 'price' as const, id: e.id, tick: e.data }));
      }
    }
    // The snapshot carries the newest id seen before it was taken: resuming from it later misses nothing.
    const ticks = await opts.snapshot();
    return [{ type: 'snapshot', id: newestSeen, ticks: symbols ? ticks.filter((t) => symbols.has(t.symbol)) : ticks }];
  }

  private remove(entry: Entry): void {
    if (!this.entries.delete(entry)) return;
    const left = (this.perIdentity.get(entry.identity) ?? 1) - 1;
    if (left > 0) this.perIdentity.set(entry.identity, left);
    else this.perIdentity.delete(entry.identity);
  }

  private onEvent(event: BusEvent<PriceTick>): void {
    this.lastId = event.id;
    this.frame.push({ type: 'price', id: event.id, tick: event.data });
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
    const frames = new Map<string, PriceFrame | null>();
    for (const entry of this.entries) {
      const { sub } = entry;
      if (entry.priming) {
        entry.priming.push(...messages);
        continue;
      }
      if (entry.pending.size === 0 && sub.ready()) {
        let frame = frames.get(entry.key);
        if (frame === undefined) {
          const mine = sub.symbols ? messages.filter((m) => wants(sub.symbols, m)) : messages;
          frame = mine.length ? frameOf(mine) : null;
          frames.set(entry.key, frame);
        }
        if (frame) this.send(entry, frame);
        continue;
      }
      for (const m of messages) {
        if (m.type !== 'price' || !wants(sub.symbols, m)) continue;
        // Delete then set: the map stays ordered by latest update, which is id order.
        entry.pending.delete(m.tick.symbol);
        entry.pending.set(m.tick.symbol, m);
        if (entry.pending.size > this.opts.maxPendingSymbols) entry.pending.delete(entry.pending.keys().next().value!);
      }
      if (sub.ready()) this.drain(entry);
    }
  }

  private drain(entry: Entry): void {
    if (entry.priming || entry.pending.size === 0 || !this.entries.has(entry)) return;
    const messages = [...entry.pending.values()];
    entry.pending.clear();
    this.send(entry, frameOf(messages));
  }

  /** A subscriber whose connection broke without telling us (write after close) is dropped, not fatal to the rest. */
  private send(entry: Entry, frame: PriceFrame): void {
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

function frameOf(messages: readonly PriceMessage[]): PriceFrame {
  let bytes: Uint8Array | null = null;
  return { messages, bytes: () => (bytes ??= encodeSse(messages)) };
}

const wants = (symbols: ReadonlySet<string> | null, m: PriceMessage) => !symbols || m.type !== 'price' || symbols.has(m.tick.symbol);

const filterKey = (symbols: ReadonlySet<string> | null) => (symbols ? [...symbols].sort().join(',') : '*');

const g = globalThis as typeof globalThis & { __primetradePriceHubs?: WeakMap<Bus, PriceHub> };

/** The process's hub for a bus. On globalThis because Next.js bundles each route (and each door) apart. */
export function getPriceHub(bus: Bus): PriceHub {
  g.__primetradePriceHubs ??= new WeakMap();
  let hub = g.__primetradePriceHubs.get(bus);
  if (!hub) {
    hub = new PriceHub(bus);
    g.__primetradePriceHubs.set(bus, hub);
  }
  return hub;
}
