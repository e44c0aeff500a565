import type { Logger } from 'pino';
import type { Asset } from '@/db/schema/market';
import type { Infra } from '@/server/infra/infra';
import { lastStoredMinutes, writeSourceCandles } from './candle-repair';
import type { Ingestor } from './ingestor';
import { getLatestTick, PRICE_TOPIC, STATUS_TTL_MS, symbolStatusKey, type PriceTick, type SymbolStatus } from './price-tick';
import type { LiveSource, MarketSession } from './sources/live-source';
import type { SourceTick } from './sources/price-source';

const MINUTE_MS = 60_000;
const minuteOf = (ts: number) => ts - (ts % MINUTE_MS);

/** A live source as the feed runs it, with how it judges silence. */
export interface LiveFeedSource {
  source: LiveSource;
  /** No tick for this long (outside a closed session) and the source counts as down: its symbols go stale. */
  staleAfterMs: number;
  /** Ticks resuming after a silence this long mark the minutes in between for repair from `history`. */
  gapAfterMs: number;
  /**
   * For a streaming source: how many times its stream was lost so far, and whether it is down now (REST
   * polling may stand in, with no trade volume). A change or an ongoing outage marks the minutes since it
   * was last seen whole for repair, even though ticks kept coming.
   */
  disruptions?: () => { count: number; ongoing: boolean };
}

export interface LiveFeedOptions {
  /** Days of 1m history fetched for a symbol with none stored. */
  backfillDays: number;
  /** How often health is judged, statuses written and due repairs run. */
  checkMs?: number;
  /** Every this often the last stretch is re-read from each source, in case a gap went unseen; 0: never. */
  reconcileMs?: number;
  /** A minute is repaired only once it closed this long ago (the source needs a moment to publish it). */
  settleMs?: number;
  /** After a failed history read, wait this long before asking that source again. */
  retryMs?: number;
}

export interface LiveFeed {
  /** Resolves when the start-up backfill of every live symbol has been attempted. */
  backfilled: Promise<void>;
  /** One health pass (statuses, stale events) and the repairs due now; resolves when both are done. */
  check(): Promise<void>;
  stop(): Promise<void>;
}

interface SymbolState {
  feed: LiveFeedSource;
  asset: Asset;
  lastTs: number | null;
  lastPrice: string | null;
  stale: boolean;
  open: boolean | null;
  /** Minutes [dirtyFrom, dirtyTo) to re-read from the source's history. */
  dirtyFrom: number | null;
  dirtyTo: number | null;
}

/**
 * Runs the configured live sources into the ingestor. Around the ticks it keeps, per symbol: the minutes to
 * backfill from the source's history (from the last stored candle at start; the silence before ticks resume
 * after a gap — disconnect, outage, restart; a periodic look back), the source's health (a symbol whose
 * source has been silent past `staleAfterMs` outside a closed session is stale — a status event goes out with
 * its last real price; nothing stands in for it) and the session of session-traded symbols. Statuses are
 * written to the cache for readers on every instance; repairs run one at a time between ingestor flushes.
 */
export function startLiveFeed(
  infra: Pick<Infra, 'db' | 'cache' | 'bus' | 'clock'> & { logger: Logger },
  ingestor: Ingestor,
  sources: readonly LiveFeedSource[],
  assets: readonly Asset[],
  opts: LiveFeedOptions,
): LiveFeed {
  const { clock: now, logger } = infra;
  const bySymbol = new Map(assets.map((a) => [a.symbol, a]));
  const states = new Map<string, SymbolState>();
  for (const feed of sources) {
    for (const symbol of feed.source.symbols) {
      const asset = bySymbol.get(symbol);
      if (!asset) continue;
      states.set(symbol, { feed, asset, lastTs: null, lastPrice: null, stale: false, open: null, dirtyFrom: null, dirtyTo: null });
    }
  }
  const checkMs = opts.checkMs ?? 5_000;
  const settleMs = opts.settleMs ?? 2_000;
  const retryMs = opts.retryMs ?? 30_000;
  const reconcileMs = opts.reconcileMs ?? 5 * MINUTE_MS;
  /** Per symbol: a symbol the source refuses (unlisted, a bad range) must not hold up the others. */
  const retryAfter = new Map<string, number>();
  const streams = new Map(sources.map((f) => [f, { count: 0, wholeAt: now() }]));
  const lastLogged = new Map<string, number>();
  const warn = (key: string, fields: object, msg: string) => {
    if (now() - (lastLogged.get(key) ?? -Infinity) < MINUTE_MS) return;
    lastLogged.set(key, now());
    logger.warn(fields, msg);
  };

  const markDirty = (st: SymbolState, from: number, to: number) => {
    st.dirtyFrom = Math.min(st.dirtyFrom ?? Infinity, minuteOf(from));
    st.dirtyTo = Math.max(st.dirtyTo ?? -Infinity, minuteOf(to) + MINUTE_MS);
  };

  const sessionOf = (st: SymbolState): MarketSession | null => st.feed.source.session?.(st.asset.symbol) ?? null;

  const stoppers: (() => void)[] = [];
  let stopped = false;

  // Start-up: resume each symbol's history after its last stored minute (or `backfillDays` back).
  const backfilled = lastStoredMinutes(infra.db, [...states.keys()]).then(async (stored) => {
    if (stopped) return; // the lease was lost before the sources started: they never connect
    const startMinute = minuteOf(now());
    for (const [symbol, st] of states) {
      const last = stored.get(symbol);
      const earliest = startMinute - Math.round(opts.backfillDays * 1440) * MINUTE_MS;
      markDirty(st, Math.max(last?.bucket ?? earliest, earliest), now());
      if (last) {
        st.lastTs = last.closeTs;
        st.lastPrice = last.close;
      }
    }
    for (const feed of sources) {
      const stop = feed.source.start((ticks) => onTicks(ticks));
      stoppers.push(stop);
    }
    await repairDue();
  });

  function onTicks(ticks: SourceTick[]): void {
    if (stopped) return;
    const accepted: SourceTick[] = [];
    for (const t of ticks) {
      const st = states.get(t.symbol);
      if (!st) continue; // not a symbol this feed gave the source
      if (st.lastTs !== null && t.ts - st.lastTs > st.feed.gapAfterMs) markDirty(st, st.lastTs, t.ts);
      if (st.lastTs === null || t.ts >= st.lastTs) {
        st.lastTs = t.ts;
        st.lastPrice = t.price;
      }
      // Back at once (the tick itself goes out fresh): readers should not wait for the next health pass.
      if (st.stale) {
        st.stale = false;
        void writeStatus(st, sessionOf(st), t.ts).catch((error: unknown) => warn('status', { err: error }, 'market status not written'));
      }
      accepted.push(t);
    }
    if (accepted.length) void ingestor.ingest(accepted);
  }

  function writeStatus(st: SymbolState, session: MarketSession | null, lastTickAt: number | null): Promise<void> {
    const status: SymbolStatus = { source: st.feed.source.name, stale: st.stale, lastTickAt, session };
    return infra.cache.set(symbolStatusKey(st.asset.symbol), status, { ttlMs: STATUS_TTL_MS });
  }

  async function publishStatus(st: SymbolState, session: MarketSession | null): Promise<void> {
    if (st.lastPrice === null || st.lastTs === null) return;
    const cached = await getLatestTick(infra.cache, st.asset.symbol).catch(() => null);
    const base = cached && cached.ts >= st.lastTs ? cached : null;
    const tick: PriceTick = {
      symbol: st.asset.symbol,
      price: base?.price ?? st.lastPrice,
      ts: base?.ts ?? st.lastTs,
      change24h: base?.change24h ?? null,
      stale: st.stale,
      ageMs: Math.max(0, now() - (base?.ts ?? st.lastTs)),
      session,
    };
    await infra.bus.publish(PRICE_TOPIC, tick);
  }

  async function judgeHealth(): Promise<void> {
    const at = now();
    const writes: Promise<unknown>[] = [];
    for (const [feed, seen] of streams) {
      const d = feed.disruptions?.();
      if (!d) continue;
      if (d.count !== seen.count || d.ongoing) {
        for (const st of states.values()) if (st.feed === feed) markDirty(st, seen.wholeAt, at);
      }
      seen.count = d.count;
      if (!d.ongoing) seen.wholeAt = at;
    }
    for (const st of states.values()) {
      const session = sessionOf(st);
      const lastTickAt = Math.max(st.feed.source.lastTickAt(st.asset.symbol) ?? -Infinity, st.lastTs ?? -Infinity);
      const closed = session !== null && !session.open;
      const stale = !closed && (lastTickAt === -Infinity || at - lastTickAt > st.feed.staleAfterMs);
      const open = session ? session.open : null;
      const changed = stale !== st.stale || open !== st.open;
      if (stale && !st.stale) warn(`stale:${st.feed.source.name}`, { source: st.feed.source.name, symbol: st.asset.symbol }, 'live source silent: its symbols are stale');
      st.stale = stale;
      st.open = open;
      writes.push(writeStatus(st, session, lastTickAt === -Infinity ? null : lastTickAt));
      // Readers of the stream learn of a source going down, coming back or a session opening or closing.
      if (changed) writes.push(publishStatus(st, session));
    }
    const failed = (await Promise.allSettled(writes)).find((r) => r.status === 'rejected');
    if (failed) warn('status', { err: failed.reason }, 'market status not written');
  }

  let repairing: Promise<void> | null = null;
  function repairDue(): Promise<void> {
    repairing ??= runRepairs().finally(() => (repairing = null));
    return repairing;
  }

  async function runRepairs(): Promise<void> {
    for (const st of states.values()) {
      if (stopped) return;
      const source = st.feed.source;
      if (st.dirtyFrom === null || st.dirtyTo === null) continue;
      if ((retryAfter.get(st.asset.symbol) ?? 0) > now()) continue;
      const closedEnd = Math.min(st.dirtyTo, minuteOf(now() - settleMs));
      if (closedEnd <= st.dirtyFrom) continue;
      const from = st.dirtyFrom;
      try {
        const candles = await source.history(st.asset.symbol, from, closedEnd);
        await ingestor.exclusive(() => writeSourceCandles(infra.db, st.asset.symbol, candles, st.asset));
        // Marks made while the read was under way are kept: only the part just read is done.
        if (st.dirtyFrom === from) st.dirtyFrom = closedEnd;
        if (st.dirtyFrom >= st.dirtyTo) st.dirtyFrom = st.dirtyTo = null;
      } catch (error) {
        retryAfter.set(st.asset.symbol, now() + retryMs);
        warn(`history:${source.name}`, { err: error, source: source.name, symbol: st.asset.symbol }, 'history backfill failed; retrying later');
      }
    }
  }

  // Health is judged on its own chain: a slow history read (a source timing out) must not hold up the
  // statuses that say the source is down.
  let checking: Promise<void> = Promise.resolve();
  const judge = () => {
    checking = checking.then(() => (stopped ? undefined : judgeHealth()));
    return checking;
  };
  const check = async () => {
    await judge();
    if (!stopped) await repairDue();
  };
  const checkTimer = setInterval(() => {
    void judge().then(() => {
      if (!stopped) void repairDue();
    });
  }, checkMs);
  checkTimer.unref?.();
  const reconcileTimer =
    reconcileMs > 0
      ? setInterval(() => {
          const at = now();
          for (const st of states.values()) if (!st.stale && st.open !== false) markDirty(st, at - reconcileMs - MINUTE_MS, at);
        }, reconcileMs)
      : null;
  reconcileTimer?.unref?.();

  return {
    backfilled: backfilled.catch((error: unknown) => logger.error({ err: error }, 'live backfill failed')),
    check,
    async stop() {
      stopped = true;
      clearInterval(checkTimer);
      if (reconcileTimer) clearInterval(reconcileTimer);
      for (const stop of stoppers) stop();
      await backfilled.catch(() => undefined);
      await checking;
      await repairing;
    },
  };
}
