import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assets, candles } from '@/db/schema/market';
import { queryRows } from '@/server/infra/db/types';
import type { Infra } from '@/server/infra/infra';
import { backfillAsset, extendDailyHistory } from '@/server/services/market/backfill';
import { CATALOGUE } from '@/server/services/market/catalogue';
import { seedAssets } from '@/server/services/market/seed-assets';
import { createSimulator } from '@/server/services/market/sources/simulator';
import { createTestInfra } from '../../support/infra';

describe('simulator', () => {
  const assetsIn = [
    { symbol: 'BTC', pricePrecision: 2, qtyPrecision: 6, startPrice: 97_000, volatility: 0.6 },
    { symbol: 'PEPE', pricePrecision: 10, qtyPrecision: 0, startPrice: 0.0000192, volatility: 1.6 },
  ];

  it('is deterministic for a seed and differs across seeds', () => {
    const run = (seed: number) => createSimulator({ seed, startMs: 0, assets: assetsIn }).advanceTo(60_000);
    const a = run(7);
    expect(run(7)).toEqual(a);
    expect(run(8)).not.toEqual(a);
  });

  it('ticks several times a second per asset, in time order, at each asset precision', () => {
    const ticks = createSimulator({ seed: 1, startMs: 0, assets: assetsIn }).advanceTo(60_000);
    for (const symbol of ['BTC', 'PEPE']) {
      const mine = ticks.filter((t) => t.symbol === symbol);
      expect(mine.length).toBeGreaterThan(2 * 60 * 0.8);
      expect(mine.length).toBeLessThan(6 * 60 * 1.2);
    }
    expect(ticks.map((t) => t.ts)).toEqual([...ticks.map((t) => t.ts)].sort((x, y) => x - y));
    expect(ticks.find((t) => t.symbol === 'BTC')!.price).toMatch(/^\d+\.\d{2}$/);
    expect(ticks.find((t) => t.symbol === 'PEPE')!.price).toMatch(/^0\.\d{10}$/);
  });
});

describe('catalogue and history', () => {
  let infra: Infra;
  beforeAll(async () => {
    infra = await createTestInfra();
  });
  afterAll(async () => infra.close());

  it('seeds 20+ assets of every kind, idempotently; meme tokens carry chain and contract', async () => {
    expect(await seedAssets(infra.db)).toBe(CATALOGUE.length);
    expect(await seedAssets(infra.db)).toBe(0);
    const rows = await infra.db.select().from(assets);
    expect(rows.length).toBeGreaterThanOrEqual(20);
    expect(new Set(rows.map((r) => r.kind))).toEqual(new Set(['crypto', 'meme', 'equity']));
    for (const meme of rows.filter((r) => r.kind === 'meme' && r.symbol !== 'DOGE')) {
      expect(meme.chain).toBeTruthy();
      expect(meme.contractAddress).toBeTruthy();
    }
  });

  it('backfills days of 1m candles ending at the live price, rolled up into 5m/1h/1d; only once', async () => {
    const [eth] = await infra.db.select().from(assets).where(eq(assets.symbol, 'ETH'));
    const endMs = Date.UTC(2026, 0, 10, 12, 0);
    const opts = { endMs, days: 2, anchorPrice: '3000.00', seed: 1 };
    expect(await backfillAsset(infra.db, eth!, opts)).toBe(2 * 1440);
    expect(await backfillAsset(infra.db, eth!, opts)).toBe(0);

    const ofInterval = (interval: '1m' | '5m' | '1h' | '1d') =>
      infra.db.select().from(candles).where(and(eq(candles.symbol, 'ETH'), eq(candles.interval, interval))).orderBy(asc(candles.bucket));
    const minutes = await ofInterval('1m');
    expect(minutes).toHaveLength(2880);
    expect(minutes.at(-1)!.close).toBe('3000.00');
    expect(minutes.at(-1)!.bucket.getTime()).toBe(endMs - 60_000);
    for (const m of minutes) {
      expect(Number(m.high)).toBeGreaterThanOrEqual(Math.max(Number(m.open), Number(m.close)));
      expect(Number(m.low)).toBeLessThanOrEqual(Math.min(Number(m.open), Number(m.close)));
    }
    // Each minute opens where the previous one closed (a continuous path).
    expect(minutes.slice(1, 50).every((m, i) => Math.abs(Number(m.open) - Number(minutes[i]!.close)) <= 0.011)).toBe(true);
    expect(await ofInterval('5m')).toHaveLength(576);
    const hours = await ofInterval('1h');
    expect(hours).toHaveLength(48);
    expect(hours[0]!.open).toBe(minutes[0]!.open);
    expect(hours.at(-1)!.close).toBe('3000.00');
    const [sums] = await queryRows<{ v1: string; v24: string }>(
      infra.db,
      sql`select (select sum(volume) from candles where symbol = 'ETH' and interval = '1m')::text as v1,
                 (select sum(volume) from candles where symbol = 'ETH' and interval = '1d')::text as v24`,
    );
    expect(sums!.v24).toBe(sums!.v1);
  });

  it('extends the daily candles back a year with daily-only history that joins the 1m history without a jump; once', async () => {
    const [sol] = await infra.db.select().from(assets).where(eq(assets.symbol, 'SOL'));
    const endMs = Date.UTC(2026, 0, 10, 12, 0);
    expect(await backfillAsset(infra.db, sol!, { endMs, days: 2, anchorPrice: '150.00', seed: 1 })).toBe(2 * 1440);
    const daysOf = async () =>
      infra.db.select().from(candles).where(and(eq(candles.symbol, 'SOL'), eq(candles.interval, '1d'))).orderBy(asc(candles.bucket));
    const rolledUp = await daysOf();
    expect(rolledUp).toHaveLength(3); // the 2 days of minutes start and end mid-day

    // The oldest rolled-up day starts on Jan 8; 365 days back from Jan 10 is 363 days before it.
    expect(await extendDailyHistory(infra.db, sol!, { endMs, days: 365, seed: 1 })).toBe(363);
    expect(await extendDailyHistory(infra.db, sol!, { endMs, days: 365, seed: 1 })).toBe(0);
    const days = await daysOf();
    expect(days).toHaveLength(366);
    // One candle per calendar day, none missing.
    days.slice(1).forEach((d, i) => expect(d.bucket.getTime() - days[i]!.bucket.getTime()).toBe(86_400_000));
    for (const d of days) {
      expect(Number(d.high)).toBeGreaterThanOrEqual(Math.max(Number(d.open), Number(d.close)));
      expect(Number(d.low)).toBeLessThanOrEqual(Math.min(Number(d.open), Number(d.close)));
      expect(Number(d.low)).toBeGreaterThan(0);
    }
    // Each generated day opens where the one before closed, and the last closes at the 1m history's open.
    const generated = days.slice(0, 363);
    generated.slice(1).forEach((d, i) => expect(Math.abs(Number(d.open) - Number(generated[i]!.close))).toBeLessThanOrEqual(0.011));
    expect(Math.abs(Number(generated.at(-1)!.close) - Number(rolledUp[0]!.open))).toBeLessThanOrEqual(0.011);
    // A year of daily moves at SOL's volatility: the path wanders, it is not flat.
    const closes = generated.map((d) => Number(d.close));
    expect(Math.max(...closes) / Math.min(...closes)).toBeGreaterThan(1.2);
    // Minutes were not invented for those days.
    const [minutes] = await queryRows<{ n: number }>(infra.db, sql`select count(*)::int as n from candles where symbol = 'SOL' and interval = '1m'`);
    expect(minutes!.n).toBe(2 * 1440);
  });
});
