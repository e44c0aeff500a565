import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assets, candles } from '@/db/schema/market';
import { createMemoryBus } from '@/server/infra/bus/memory';
import { createMemoryCache } from '@/server/infra/cache/memory';
import { listAssets } from '@/server/services/market/asset-search';
import { backfillAsset } from '@/server/services/market/backfill';
import { createIngestor } from '@/server/services/market/ingestor';
import { seedAssets } from '@/server/services/market/seed-assets';
import { analyzeMarketTables, pruneTicks } from '@/server/services/market/tick-store';
import { createScratchPostgres } from '../../support/infra';
import { announceSkip, services } from '../../support/services';

// The market SQL (trigram search, unnest batches, candle merge, generate_series backfill) on a real
// Postgres server (15 in CI), not only on PGlite.
announceSkip('postgres', 'market data on Postgres');
describe.skipIf(!services.postgres)('market data on Postgres', () => {
  let pg: Awaited<ReturnType<typeof createScratchPostgres>>;
  beforeAll(async () => {
    pg = await createScratchPostgres(services.postgres!);
    await seedAssets(pg.db);
  });
  afterAll(async () => pg?.close());

  it('searches with trigrams', async () => {
    const page = await listAssets(pg.db, { q: 'etherium', limit: 10 });
    expect(page.data.map((a) => a.symbol)).toContain('ETH');
  });

  it('ingests out-of-order ticks into the same candles as PGlite would', async () => {
    const t0 = Date.UTC(2026, 0, 5, 10, 0);
    const ing = createIngestor({ db: pg.db, cache: createMemoryCache(), bus: createMemoryBus() }, { flushMs: 60_000 });
    await ing.ingest([{ symbol: 'SOL', ts: t0 + 30_000, price: '20.000', volume: '1' }]);
    await ing.flush();
    await ing.ingest([
      { symbol: 'SOL', ts: t0 + 10_000, price: '19.000', volume: '2' },
      { symbol: 'SOL', ts: t0 + 50_000, price: '21.500', volume: '3' },
    ]);
    await ing.stop();
    const [minute] = await pg.db.select().from(candles).where(and(eq(candles.symbol, 'SOL'), eq(candles.interval, '1m')));
    expect(minute).toMatchObject({ open: '19.000', high: '21.500', low: '19.000', close: '21.500', volume: '6', trades: 3 });
    expect(await pruneTicks(pg.db, t0 + 60_000)).toBe(3);
  });

  it('backfills history in SQL', async () => {
    const [eth] = await pg.db.select().from(assets).where(eq(assets.symbol, 'ETH'));
    const n = await backfillAsset(pg.db, eth!, { endMs: Date.UTC(2026, 0, 1), days: 1, anchorPrice: '3000.00', seed: 1 });
    expect(n).toBe(1440);
    await analyzeMarketTables(pg.db);
    const days = await pg.db.select().from(candles).where(and(eq(candles.symbol, 'ETH'), eq(candles.interval, '1d')));
    expect(days).toHaveLength(1);
    expect(days[0]!.close).toBe('3000.00');
  });
});
