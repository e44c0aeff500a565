import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assets, candles, type CandleInterval } from '@/db/schema/market';
import { AppError } from '@/server/errors';
import type { Db } from '@/server/infra/db/types';
import { backfillAsset } from '@/server/services/market/backfill';
import { getCandles, getCloses } from '@/server/services/market/candle-query';
import { seedAssets } from '@/server/services/market/seed-assets';
import { createScratchPostgres } from '../../support/infra';
import { createTestInfra } from '../../support/infra';
import { announceSkip, services } from '../../support/services';

// getCloses (the forecast's read: asset + closes in one query) answers what getCandles answers, narrowed to
// t and Number(c), on the same data: several symbols with candles (the subquery must stay on its own
// symbol), a gap, limits below and above what is stored, every interval, no candles, unknown symbols.
const END = Date.UTC(2026, 0, 5);
const MIN = 60_000;

async function fill(db: Db) {
  await seedAssets(db);
  const rows = await db.select().from(assets).where(inArray(assets.symbol, ['BTC', 'PEPE']));
  for (const asset of rows) await backfillAsset(db, asset, { endMs: END, days: 1, anchorPrice: asset.basePrice, seed: 7 });
  // A gap in BTC's 1m history: ten minutes two hours before the end.
  const gapFrom = new Date(END - 120 * MIN);
  const gapTo = new Date(END - 110 * MIN);
  const inGap = await db.select({ bucket: candles.bucket }).from(candles).where(and(eq(candles.symbol, 'BTC'), eq(candles.interval, '1m')));
  const doomed = inGap.map((r) => r.bucket).filter((b) => b >= gapFrom && b < gapTo);
  expect(doomed).toHaveLength(10);
  await db.delete(candles).where(and(eq(candles.symbol, 'BTC'), eq(candles.interval, '1m'), inArray(candles.bucket, doomed)));
}

async function sameAnswers(db: Db) {
  const cases: { symbol: string; interval: CandleInterval; limit: number }[] = [
    { symbol: 'BTC', interval: '1m', limit: 1000 },
    { symbol: 'BTC', interval: '1m', limit: 5000 },
    { symbol: 'PEPE', interval: '1m', limit: 1000 },
    { symbol: 'PEPE', interval: '1m', limit: 1 },
    { symbol: 'PEPE', interval: '5m', limit: 1000 },
    { symbol: 'BTC', interval: '1h', limit: 10 },
    { symbol: 'BTC', interval: '1d', limit: 1000 },
    { symbol: 'ETH', interval: '1m', limit: 1000 }, // seeded, no candles
  ];
  for (const query of cases) {
    const [series, old] = await Promise.all([getCloses(db, query), getCandles(db, query)]);
    expect(series.asset.symbol).toBe(old.symbol);
    expect(series.times).toEqual(old.candles.map((c) => c.t));
    expect(series.closes).toEqual(old.candles.map((c) => Number(c.c)));
  }
  const btc = await getCloses(db, { symbol: 'BTC', interval: '1m', limit: 5000 });
  expect(btc.times).toHaveLength(1430);
  expect(btc.times.at(-1)).toBe(END - MIN);
  expect(btc.asset).toMatchObject({ symbol: 'BTC', pricePrecision: 2 });
  const pepe = await getCloses(db, { symbol: 'PEPE', interval: '1m', limit: 1000 });
  expect(pepe.closes.every((c) => c > 0 && c < 0.01)).toBe(true); // its own closes, not BTC's
  const refusal = await getCloses(db, { symbol: 'NOPE', interval: '1m', limit: 10 }).catch((e: unknown) => e);
  const oldRefusal = await getCandles(db, { symbol: 'NOPE', interval: '1m', limit: 10 }).catch((e: unknown) => e);
  expect(refusal).toBeInstanceOf(AppError);
  expect(refusal).toMatchObject({ code: 'NOT_FOUND', reason: 'UNKNOWN_SYMBOL', message: (oldRefusal as AppError).message });
}

describe('getCloses on PGlite', () => {
  let infra: Awaited<ReturnType<typeof createTestInfra>>;
  beforeAll(async () => {
    infra = await createTestInfra();
    await fill(infra.db);
  }, 120_000);
  afterAll(async () => infra?.close());

  it('answers the same times and closes as getCandles', () => sameAnswers(infra.db));
});

announceSkip('postgres', 'getCloses on Postgres');
describe.skipIf(!services.postgres)('getCloses on Postgres', () => {
  let pg: Awaited<ReturnType<typeof createScratchPostgres>>;
  beforeAll(async () => {
    pg = await createScratchPostgres(services.postgres!);
    await fill(pg.db);
  }, 120_000);
  afterAll(async () => pg?.close());

  it('answers the same times and closes as getCandles', () => sameAnswers(pg.db));
});
