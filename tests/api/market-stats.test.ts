import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { candles } from '@/db/schema';
import type { Infra } from '@/server/infra/infra';
import { seedAssets } from '@/server/services/market/seed-assets';
import { callerFor } from '../support/caller';
import { createTestInfra } from '../support/infra';

let infra: Infra;
const MINUTE = 60_000;

function candle(symbol: string, interval: '1m' | '5m', minutesAgo: number, o: string, h: string, l: string, c: string, v: string) {
  const size = interval === '1m' ? MINUTE : 5 * MINUTE;
  const bucket = new Date(Math.floor((Date.now() - minutesAgo * MINUTE) / size) * size);
  return { symbol, interval, bucket, open: o, high: h, low: l, close: c, volume: v, trades: 1, openTs: bucket, closeTs: new Date(bucket.getTime() + size - 1000) };
}

beforeAll(async () => {
  infra = await createTestInfra();
  await seedAssets(infra.db);
  await infra.db.insert(candles).values([
    candle('BTC', '1m', 24 * 60 + 1, '100', '100', '100', '100', '1'),
    candle('BTC', '1m', 1, '118', '121', '117', '120', '1'),
    // Inside the window: the day's range and volume come from these.
    candle('BTC', '5m', 600, '101', '130', '95', '110', '2.5'),
    candle('BTC', '5m', 10, '110', '122', '108', '120', '1.25'),
    // Older than a day: not part of the range.
    candle('BTC', '5m', 26 * 60, '90', '500', '1', '90', '100'),
    candle('ETH', '1m', 24 * 60 + 1, '2000', '2000', '2000', '2000', '1'),
    candle('ETH', '1m', 2, '1900', '1900', '1900', '1900', '1'),
  ]);
});
afterAll(() => infra.close());

describe('market.stats (public)', () => {
  it('gives each asset its last price, 24 h change, high, low and volume', async () => {
    const stats = await callerFor(infra).market.stats();
    expect(stats.map((s) => s.symbol)).toEqual(['BTC', 'ETH']);
    expect(stats[0]).toMatchObject({ price: '120', referencePrice: '100', changePct: 20, high: '130', low: '95', volume: '3.75', pricePrecision: 2 });
    // No 5m candle yet: the last price bounds the range.
    expect(stats[1]).toMatchObject({ changePct: -5, high: '1900', low: '1900', volume: '0' });
  });

  it('narrows to the symbols asked for', async () => {
    const stats = await callerFor(infra).market.stats({ symbols: ['eth'] });
    expect(stats.map((s) => s.symbol)).toEqual(['ETH']);
  });
});
