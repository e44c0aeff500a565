import { asc, eq, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { assets, type Asset } from '@/db/schema/market';
import type { Infra } from '@/server/infra/infra';
import { queryRows, type Db } from '@/server/infra/db/types';
import { backfillAsset, extendDailyHistory } from './backfill';
import { bucketStart } from './candle-buckets';
import { createIngestor, type Ingestor } from './ingestor';
import { startLiveFeed, type LiveFeed, type LiveFeedOptions, type LiveFeedSource } from './live-feed';
import { seedAssets } from './seed-assets';
import { createSimulator, type Simulator } from './sources/simulator';
import { analyzeMarketTables, pruneTicks, TICK_RETENTION_MS } from './tick-store';

export interface MarketFeedOptions {
  seed?: number;
  /** Days of 1m history generated on first start. */
  backfillDays?: number;
  /** Days of daily candles in all (those before the 1m history are daily only); default 365, never fewer than backfillDays. */
  dailyHistoryDays?: number;
  /** How long raw ticks are kept (candles are kept for good). */
  tickRetentionMs?: number;
  /** How often the prune and the 24 h reference refresh run. */
  maintenanceMs?: number;
  /**
   * Live sources for some of the active assets (see `configuredLiveSources`); every asset none of them
   * serves is simulated. Built once the catalogue is seeded.
   */
  live?: (active: readonly Asset[]) => LiveFeedSource[];
  /** Health-check, reconcile and retry cadence of the live sources. */
  liveOptions?: Omit<LiveFeedOptions, 'backfillDays'>;
}

export interface MarketFeed {
  source: Simulator;
  ingestor: Ingestor;
  /** The live sources' supervisor, when any are configured. */
  live: LiveFeed | null;
  /** The symbols the simulator serves (every active asset no live source serves). */
  simulated: readonly string[];
  /** Resolves when first-start history is in place. */
  backfilled: Promise<void>;
  stop(): Promise<void>;
}

export const DEFAULT_FEED_SEED = 20_260_101;

/**
 * Seeds the catalogue, starts the configured live sources and the simulator (for every other asset) into the
 * ingestor at once (live prices do not wait), then
 * backfills missing history one asset at a time — each asset is one short transaction, so other queries
 * interleave on PGlite's single connection — and schedules the tick prune.
 */
export async function startMarketFeed(
  infra: Pick<Infra, 'db' | 'cache' | 'bus' | 'clock' | 'logger'>,
  opts: MarketFeedOptions = {},
): Promise<MarketFeed> {
  const { clock: now, logger } = infra;
  const seed = opts.seed ?? DEFAULT_FEED_SEED;
  await seedAssets(infra.db);
  const active = await infra.db.select().from(assets).where(eq(assets.active, true)).orderBy(asc(assets.symbol));
  const liveSources = opts.live?.(active) ?? [];
  // A symbol a live source serves is never simulated, even while that source is down (it shows stale).
  const liveSymbols = new Set(liveSources.flatMap((s) => s.source.symbols));
  const simulated = active.filter((a) => !liveSymbols.has(a.symbol));
  const anchors = await lastCloses(infra.db);
  const startMs = now();

  const source = createSimulator({
    seed,
    startMs,
    now,
    assets: simulated.map((a) => ({
      symbol: a.symbol,
      pricePrecision: a.pricePrecision,
      qtyPrecision: a.qtyPrecision,
      startPrice: Number(anchors.get(a.symbol) ?? a.basePrice),
      volatility: a.volatility,
    })),
  });
  // An outage fails every batch (several a second): one line a minute keeps it visible without a flood.
  let lastFailureLog = -Infinity;
  const onError = (error: unknown) => {
    if (now() - lastFailureLog < 60_000) return;
    lastFailureLog = now();
    logger.warn({ err: error }, 'tick ingest failed (repeats muted for a minute)');
  };
  const sessionSources = new Map(liveSources.flatMap((s) => (s.source.session ? s.source.symbols.map((sym) => [sym, s.source] as const) : [])));
  const ingestor = createIngestor({
    db: infra.db,
    cache: infra.cache,
    bus: infra.bus,
    now,
    onError,
    sessionOf: (symbol) => sessionSources.get(symbol)?.session?.(symbol) ?? null,
  });
  const stopSource = source.start((ticks) => void ingestor.ingest(ticks));
  const days = opts.backfillDays ?? 30;
  const live = liveSources.length
    ? startLiveFeed({ ...infra, logger }, ingestor, liveSources, active, { ...opts.liveOptions, backfillDays: days })
    : null;
  if (live) {
    const bySource = Object.fromEntries(liveSources.map((s) => [s.source.name, s.source.symbols.length]));
    logger.info({ live: bySource, simulated: simulated.length }, 'market sources');
  }

  // The simulator's synthetic history is for simulated symbols only; live ones backfill from their source.
  const backfilled = Promise.all([
    backfill(infra.db, simulated, anchors, {
      seed,
      endMs: bucketStart(startMs, '1m'),
      days,
      dailyDays: days > 0 ? Math.max(days, opts.dailyHistoryDays ?? 365) : 0,
      logger,
    }).catch((error: unknown) =>
      logger.error({ err: error }, 'backfill failed'),
    ),
    live?.backfilled,
  ])
    .then(() => ingestor.refreshReferences())
    .catch((error: unknown) => logger.error({ err: error }, 'backfill failed'));

  const retention = opts.tickRetentionMs ?? TICK_RETENTION_MS;
  let runs = 0;
  const maintenance = setInterval(() => {
    void pruneTicks(infra.db, now() - retention)
      .then(async (n) => {
        if (n > 0) logger.info({ n }, 'ticks pruned');
        await ingestor.refreshReferences();
        // Hourly at the default cadence: keeps plans right as candles grow (PGlite has no autovacuum).
        if (++runs % 60 === 0) await analyzeMarketTables(infra.db);
      })
      .catch((error: unknown) => logger.error({ err: error }, 'market maintenance failed'));
  }, opts.maintenanceMs ?? 60_000);

  return {
    source,
    ingestor,
    live,
    simulated: simulated.map((a) => a.symbol),
    backfilled,
    async stop() {
      stopSource();
      await live?.stop();
      clearInterval(maintenance);
      await backfilled;
      await ingestor.stop();
    },
  };
}

async function lastCloses(db: Db): Promise<Map<string, string>> {
  const rows = await queryRows<{ symbol: string; close: string }>(
    db,
    sql`select distinct on (symbol) symbol, close from candles where interval = '1d' order by symbol, bucket desc`,
  );
  return new Map(rows.map((r) => [r.symbol, r.close]));
}

async function backfill(
  db: Db,
  active: Asset[],
  anchors: Map<string, string>,
  opts: { seed: number; endMs: number; days: number; dailyDays: number; logger: Logger },
): Promise<void> {
  const started = performance.now();
  let candles = 0;
  let dailyOnly = 0;
  for (const asset of active) {
    if (!anchors.has(asset.symbol)) candles += await backfillAsset(db, asset, { ...opts, anchorPrice: asset.basePrice });
    // Also on a database made before daily-only history existed: its daily chart grows back to a year.
    if (opts.dailyDays > 0) dailyOnly += await extendDailyHistory(db, asset, { endMs: opts.endMs, days: opts.dailyDays, seed: opts.seed });
  }
  if (candles > 0 || dailyOnly > 0) {
    await analyzeMarketTables(db);
    opts.logger.info({ minutes: candles, dailyOnlyDays: dailyOnly, ms: Math.round(performance.now() - started) }, 'history backfilled');
  }
}
