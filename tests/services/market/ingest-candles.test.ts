import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { candles } from '@/db/schema/market';
import type { Infra } from '@/server/infra/infra';
import { createIngestor } from '@/server/services/market/ingestor';
import { getLatestTick, PRICE_TOPIC, type PriceTick } from '@/server/services/market/price-tick';
import type { SourceTick } from '@/server/services/market/sources/price-source';
import { pruneTicks } from '@/server/services/market/tick-store';
import { queryRows } from '@/server/infra/db/types';
import { sql } from 'drizzle-orm';
import { createTestInfra } from '../../support/infra';

const T0 = Date.UTC(2026, 0, 5, 10, 0, 0); // a Monday 10:00 UTC: 1m, 5m, 1h and 1d buckets all start here
const tick = (symbol: string, offsetMs: number, price: string, volume = '1'): SourceTick => ({ symbol, ts: T0 + offsetMs, price, volume });

async function stored(infra: Infra, symbol: string, interval: '1m' | '5m' | '1h' | '1d') {
  const rows = await infra.db
    .select()
    .from(candles)
    .where(and(eq(candles.symbol, symbol), eq(candles.interval, interval)))
    .orderBy(asc(candles.bucket));
  return rows.map((r) => ({ t: r.bucket.getTime() - T0, o: r.open, h: r.high, l: r.low, c: r.close, v: r.volume, n: r.trades }));
}

describe('ingestion: ticks → candles, cache, bus', () => {
  let infra: Infra;
  beforeAll(async () => {
    infra = await createTestInfra();
  });
  afterAll(async () => infra.close());

  it('builds OHLCV per bucket and splits at bucket boundaries', async () => {
    const ing = createIngestor(infra, { flushMs: 60_000 });
    await ing.ingest([
      tick('AAA', 1_000, '10.00', '1'),
      tick('AAA', 20_000, '12.50', '2'),
      tick('AAA', 40_000, '9.75', '3'),
      tick('AAA', 59_999, '11.00', '4'),
      // next minute, and next 5m bucket
      tick('AAA', 60_000, '11.20', '5'),
      tick('AAA', 300_000, '13.00', '6'),
    ]);
    await ing.stop();
    expect(await stored(infra, 'AAA', '1m')).toEqual([
      { t: 0, o: '10.00', h: '12.50', l: '9.75', c: '11.00', v: '10', n: 4 },
      { t: 60_000, o: '11.20', h: '11.20', l: '11.20', c: '11.20', v: '5', n: 1 },
      { t: 300_000, o: '13.00', h: '13.00', l: '13.00', c: '13.00', v: '6', n: 1 },
    ]);
    expect(await stored(infra, 'AAA', '5m')).toEqual([
      { t: 0, o: '10.00', h: '12.50', l: '9.75', c: '11.20', v: '15', n: 5 },
      { t: 300_000, o: '13.00', h: '13.00', l: '13.00', c: '13.00', v: '6', n: 1 },
    ]);
    expect(await stored(infra, 'AAA', '1h')).toEqual([{ t: 0, o: '10.00', h: '13.00', l: '9.75', c: '13.00', v: '21', n: 6 }]);
    const [day] = await stored(infra, 'AAA', '1d');
    expect(day).toMatchObject({ t: -10 * 3_600_000, o: '10.00', c: '13.00', v: '21' });
  });

  it('keeps open/close right when ticks arrive out of order across flushes in an open bucket', async () => {
    const ing = createIngestor(infra, { flushMs: 60_000 });
    await ing.ingest([tick('BBB', 30_000, '20.00'), tick('BBB', 40_000, '21.00')]);
    await ing.flush();
    // Late arrivals: one earlier than the stored open, one between open and close, and a new extreme.
    await ing.ingest([tick('BBB', 10_000, '19.00'), tick('BBB', 35_000, '25.00')]);
    await ing.flush();
    await ing.ingest([tick('BBB', 50_000, '18.00'), tick('BBB', 45_000, '30.00')]);
    await ing.stop();
    expect(await stored(infra, 'BBB', '1m')).toEqual([{ t: 0, o: '19.00', h: '30.00', l: '18.00', c: '18.00', v: '6', n: 6 }]);
    expect(await stored(infra, 'BBB', '1d')).toEqual([
      expect.objectContaining({ o: '19.00', h: '30.00', l: '18.00', c: '18.00', n: 6 }),
    ]);
  });

  it('caches the latest tick with a TTL, publishes one bus event per tick, persists ticks and prunes them', async () => {
    const seen: PriceTick[] = [];
    const unsubscribe = await infra.bus.subscribe<PriceTick>(PRICE_TOPIC, (e) => seen.push(e.data));
    const ing = createIngestor(infra, { flushMs: 60_000 });
    await ing.ingest([tick('CCC', 1_000, '1.5'), tick('CCC', 2_000, '1.6'), tick('DDD', 2_500, '7')]);
    await ing.stop();
    await unsubscribe();
    expect(seen.map((t) => `${t.symbol}@${t.price}`)).toEqual(['CCC@1.5', 'CCC@1.6', 'DDD@7']);
    expect(await getLatestTick(infra.cache, 'CCC')).toEqual({
      symbol: 'CCC',
      price: '1.6',
      ts: T0 + 2_000,
      change24h: null,
      stale: false,
      ageMs: expect.any(Number),
      session: null,
    });
    const count = async () =>
      (await queryRows<{ n: number }>(infra.db, sql`select count(*)::int as n from ticks where symbol in ('CCC', 'DDD')`))[0]!.n;
    expect(await count()).toBe(3);
    expect(await pruneTicks(infra.db, T0 + 2_000)).toBeGreaterThanOrEqual(1);
    expect(await count()).toBe(2);
  });

  it('reports a failed cache write instead of rejecting, and still publishes and stores the ticks', async () => {
    const errors: unknown[] = [];
    const seen: PriceTick[] = [];
    const unsubscribe = await infra.bus.subscribe<PriceTick>(PRICE_TOPIC, (e) => seen.push(e.data));
    const timingOut = { ...infra.cache, set: () => Promise.reject(new Error('redis timed out')) };
    const ing = createIngestor({ ...infra, cache: timingOut, onError: (e) => errors.push(e) }, { flushMs: 60_000 });
    await expect(ing.ingest([tick('EEE', 1_000, '3.25')])).resolves.toBeUndefined();
    await ing.stop();
    await unsubscribe();
    expect(errors).toEqual([new Error('redis timed out')]);
    expect(seen.map((t) => `${t.symbol}@${t.price}`)).toEqual(['EEE@3.25']);
    expect(await stored(infra, 'EEE', '1m')).toEqual([{ t: 0, o: '3.25', h: '3.25', l: '3.25', c: '3.25', v: '1', n: 1 }]);
  });
});
