import { sql } from 'drizzle-orm';
import type { Bus } from '@/server/infra/bus/types';
import type { Cache } from '@/server/infra/cache/types';
import { queryRows, type Db } from '@/server/infra/db/types';
import { aggregateTicks } from './candle-buckets';
import { latestTickKey, PRICE_TOPIC, SNAPSHOT_TTL_MS, type PriceTick } from './price-tick';
import type { SourceTick } from './sources/price-source';
import { insertTicks, upsertCandles } from './tick-store';

export interface IngestorDeps {
  db: Db;
  cache: Cache;
  bus: Bus;
  now?: () => number;
  onError?: (error: unknown) => void;
  /** The symbol's trading session as its source reports it (equities from a live source); null otherwise. */
  sessionOf?: (symbol: string) => PriceTick['session'];
}

export interface IngestorOptions {
  /** Flush at least this often… */
  flushMs?: number;
  /** …or as soon as this many ticks wait. */
  maxBatch?: number;
}

export interface Ingestor {
  /** Publishes each tick at once (bus; the cache gets each symbol's latest) and queues it for the next database flush. */
  ingest(ticks: readonly SourceTick[]): Promise<void>;
  /** Writes queued ticks and their candle updates now. */
  flush(): Promise<void>;
  /** Reloads the 24 h-ago reference prices that `change24h` is computed against. */
  refreshReferences(): Promise<void>;
  /** Runs `work` between flushes (none runs while it does): candle repairs must not interleave with tick merges. */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  stop(): Promise<void>;
}

const DAY_MS = 86_400_000;

/**
 * Source → (cache, bus) immediately, → (ticks, candles) in batches. Live readers never wait on the
 * database; the database sees one insert and one upsert per batch instead of per tick.
 */
export function createIngestor(deps: IngestorDeps, opts: IngestorOptions = {}): Ingestor {
  const now = deps.now ?? Date.now;
  const maxBatch = opts.maxBatch ?? 5_000;
  const references = new Map<string, number>();
  let queue: SourceTick[] = [];
  let flushing: Promise<void> = Promise.resolve();
  let stopped = false;
  // A second between flushes: each commit costs tens of ms of this thread on PGlite on disk.
  const timer = setInterval(() => void flush(), opts.flushMs ?? 1_000);

  function flush(): Promise<void> {
    // Flushes run one after another: PGlite has one connection, and order keeps candle merges simple.
    flushing = flushing.then(writeQueued);
    return flushing;
  }

  async function writeQueued(): Promise<void> {
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    try {
      await deps.db.transaction(async (tx) => {
        await insertTicks(tx as unknown as Db, batch);
        await upsertCandles(tx as unknown as Db, aggregateTicks(batch));
      });
    } catch (error) {
      // Dropped rather than retried: a failing database must not grow memory without bound. Live
      // subscribers already have these ticks through the bus.
      deps.onError?.(error);
    }
  }

  function change24h(symbol: string, price: string): number | null {
    const ref = references.get(symbol);
    if (!ref) return null;
    return Math.round((Number(price) / ref - 1) * 10_000) / 100;
  }

  return {
    async ingest(ticks) {
      if (stopped) return;
      const writes: Promise<unknown>[] = [];
      const at = now();
      const published: PriceTick[] = [];
      // The cache keeps one price per symbol: only a batch's last tick of each is written (one write, not
      // one per tick — on Upstash a command each), before the batch's events, so a reader woken by an
      // event finds that price or a newer one.
      const latest = new Map<string, PriceTick>();
      for (const t of ticks) {
        const tick: PriceTick = {
          symbol: t.symbol,
          price: t.price,
          ts: t.ts,
          change24h: change24h(t.symbol, t.price),
          stale: false,
          ageMs: Math.max(0, at - t.ts),
          session: deps.sessionOf?.(t.symbol) ?? null,
        };
        published.push(tick);
        latest.set(t.symbol, tick);
        queue.push(t);
      }
      for (const [symbol, tick] of latest) writes.push(deps.cache.set(latestTickKey(symbol), tick, { ttlMs: SNAPSHOT_TTL_MS }));
      for (const tick of published) writes.push(deps.bus.publish(PRICE_TOPIC, tick));
      // A failed cache or bus write (Redis timing out) is reported, never thrown: the feed calls this
      // without waiting, so a rejection would be unhandled and end the process. The next tick overwrites.
      const failed = (await Promise.allSettled(writes)).find((r) => r.status === 'rejected');
      if (failed) deps.onError?.(failed.reason);
      if (queue.length >= maxBatch) await flush();
    },
    flush,
    exclusive(work) {
      // Whatever waits is written first, so the work sees every tick received before it.
      const run = flushing.then(async () => {
        await writeQueued();
        return work();
      });
      flushing = run.then(
        () => undefined,
        () => undefined,
      );
      return run;
    },
    async refreshReferences() {
      const at = now() - DAY_MS;
      const rows = await queryRows<{ symbol: string; close: string }>(
        deps.db,
        sql`select distinct on (symbol) symbol, close from candles
            where interval = '1m' and bucket <= to_timestamp(${at} / 1000.0) and bucket > to_timestamp(${at - 3_600_000} / 1000.0)
            order by symbol, bucket desc`,
      );
      for (const r of rows) references.set(r.symbol, Number(r.close));
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await flush();
    },
  };
}
