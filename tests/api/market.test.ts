import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assets } from '@/db/schema/market';
import type { Infra } from '@/server/infra/infra';
import { marketCacheStats } from '@/server/services/market/cache-stats';
import { createIngestor } from '@/server/services/market/ingestor';
import { seedAssets } from '@/server/services/market/seed-assets';
import { callerFor, callerWithHeaders } from '../support/caller';
import { fieldErrorsOf } from '../support/errors';
import { createTestInfra } from '../support/infra';
import { manualClock } from '../support/trading';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 5, 10, 0);


/** The error a call fails with, plus the field errors the HTTP error formatter would send. */
async function failure(call: Promise<unknown>) {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  const trpc = error as TRPCError;
  const fieldErrors = fieldErrorsOf(trpc);
  return { code: trpc.code, fieldErrors };
}

describe('market router', () => {
  let infra: Infra;
  // The cache runs on this clock: the snapshot list's short TTL passes by moving it, not by sleeping.
  const time = manualClock(Date.now());
  beforeAll(async () => {
    infra = await createTestInfra({ clock: time.clock });
    await seedAssets(infra.db);
    // Ten minutes of BTC ticks, one a minute, so candles exist.
    const ing = createIngestor(infra, { flushMs: 60_000 });
    await ing.ingest(Array.from({ length: 10 }, (_, i) => ({ symbol: 'BTC', ts: T0 + i * MIN + 5_000, price: `${100 + i}.00`, volume: '1' })));
    await ing.stop();
  });
  afterAll(async () => infra.close());

  describe('assets', () => {
    it('lists the catalogue, filters by kind and pages with a cursor', async () => {
      const market = callerFor(infra).market;
      const memes = await market.assets({ kind: 'meme', limit: 4 });
      expect(memes.data).toHaveLength(4);
      expect(memes.data.every((a) => a.kind === 'meme')).toBe(true);
      const rest = await market.assets({ kind: 'meme', limit: 4, cursor: memes.nextCursor });
      expect(rest.data.every((a) => a.kind === 'meme')).toBe(true);
      expect(rest.data.map((a) => a.symbol)).not.toContain(memes.data[0]!.symbol);
      const all = await market.assets({ limit: 100 });
      expect(all.data.length).toBeGreaterThanOrEqual(20);
      expect(all.nextCursor).toBeNull();
    });

    it('searches by symbol and by name with trigram matching, tolerating typos', async () => {
      const market = callerFor(infra).market;
      expect((await market.assets({ q: 'btc' })).data[0]!.symbol).toBe('BTC');
      expect((await market.assets({ q: 'etherium' })).data.map((a) => a.symbol)).toContain('ETH');
      expect((await market.assets({ q: 'nvidia' })).data[0]!.symbol).toBe('NVDA');
      const memes = await market.assets({ q: 'dogwif', kind: 'meme' });
      expect(memes.data[0]!.symbol).toBe('WIF');
      expect(memes.data.every((a) => a.kind === 'meme')).toBe(true);
      expect((await market.assets({ q: 'zzqqxx' })).data).toEqual([]);
    });

    it('pages a search in relevance order, each match exactly once, and refuses a cursor of the other order', async () => {
      const market = callerFor(infra).market;
      const whole = await market.assets({ q: 'co', limit: 100 });
      expect(whole.data.length).toBeGreaterThan(3);
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await market.assets({ q: 'co', limit: 2, cursor });
        paged.push(...page.data.map((a) => a.symbol));
        cursor = page.nextCursor;
      } while (cursor);
      expect(paged).toEqual(whole.data.map((a) => a.symbol));
      const unsearched = (await market.assets({ limit: 2 })).nextCursor;
      await expect(market.assets({ q: 'co', cursor: unsearched })).rejects.toMatchObject({ cause: { reason: 'INVALID_CURSOR' } });
    });

    it('returns one asset, and NOT_FOUND for an unknown symbol', async () => {
      const pepe = await callerFor(infra).market.asset({ symbol: 'pepe' });
      expect(pepe).toMatchObject({ symbol: 'PEPE', kind: 'meme', chain: 'ethereum' });
      expect((await failure(callerFor(infra).market.asset({ symbol: 'NOPE' }))).code).toBe('NOT_FOUND');
      expect((await failure(callerFor(infra).market.candles({ symbol: 'NOPE', interval: '1m' }))).code).toBe('NOT_FOUND');
      expect((await failure(callerFor(infra).market.snapshot({ symbols: ['BTC', 'NOPE'] }))).code).toBe('NOT_FOUND');
    });
  });

  describe('candles', () => {
    it('returns stored candles oldest first within from/to, capped by limit (newest kept)', async () => {
      const { caller, resHeaders } = callerWithHeaders(infra);
      const all = await caller.market.candles({ symbol: 'BTC', interval: '1m' });
      expect(all.candles.map((c) => c.c)).toEqual(Array.from({ length: 10 }, (_, i) => `${100 + i}.00`));
      expect(resHeaders.get('cache-control')).toMatch(/^public, s-maxage=\d+, stale-while-revalidate=\d+$/);
      const range = await caller.market.candles({ symbol: 'BTC', interval: '1m', from: T0 + 2 * MIN, to: T0 + 5 * MIN });
      expect(range.candles.map((c) => c.t)).toEqual([2, 3, 4, 5].map((i) => T0 + i * MIN));
      const limited = await caller.market.candles({ symbol: 'BTC', interval: '1m', limit: 3 });
      expect(limited.candles.map((c) => c.c)).toEqual(['107.00', '108.00', '109.00']);
      const fives = await caller.market.candles({ symbol: 'BTC', interval: '5m' });
      expect(fives.candles).toEqual([
        { t: T0, o: '100.00', h: '104.00', l: '100.00', c: '104.00', v: '5' },
        { t: T0 + 5 * MIN, o: '105.00', h: '109.00', l: '105.00', c: '109.00', v: '5' },
      ]);
    });

    it('refuses a bad interval, from > to and a limit over the cap with BAD_REQUEST naming the field', async () => {
      const market = callerFor(infra).market;
      const badInterval = await failure(market.candles({ symbol: 'BTC', interval: '2m' as '1m' }));
      expect(badInterval.code).toBe('BAD_REQUEST');
      expect(badInterval.fieldErrors.interval).toBeDefined();
      const inverted = await failure(market.candles({ symbol: 'BTC', interval: '1m', from: T0 + MIN, to: T0 }));
      expect(inverted.code).toBe('BAD_REQUEST');
      expect(inverted.fieldErrors.from).toEqual(['`from` must not be after `to`']);
      const tooMany = await failure(market.candles({ symbol: 'BTC', interval: '1m', limit: 1_001 }));
      expect(tooMany.code).toBe('BAD_REQUEST');
      expect(tooMany.fieldErrors.limit).toBeDefined();
    });
  });

  describe('snapshot', () => {
    it('serves the latest tick from the cache and counts hits and misses', async () => {
      const { caller, resHeaders } = callerWithHeaders(infra);
      await infra.cache.delPrefix('market:latest:');
      const before = { ...marketCacheStats };
      // Cold: BTC falls back to its last stored close (a miss) and re-primes the cache.
      const cold = await caller.market.snapshot({ symbols: ['BTC'] });
      expect(cold).toEqual([
        { symbol: 'BTC', price: '109.00', ts: expect.any(Number), change24h: null, stale: expect.any(Boolean), ageMs: expect.any(Number), session: null },
      ]);
      const warm = await caller.market.snapshot({ symbols: ['BTC'] });
      expect({ ...warm[0], ageMs: 0 }).toEqual({ ...cold[0], ageMs: 0 });
      const symbolMisses = marketCacheStats.misses - before.misses;
      expect(symbolMisses).toBeGreaterThanOrEqual(1);
      expect(marketCacheStats.hits - before.hits).toBeGreaterThanOrEqual(1);
      expect(resHeaders.get('cache-control')).toContain('stale-while-revalidate');

      // A live tick replaces it at once.
      const ing = createIngestor(infra, { flushMs: 60_000 });
      await ing.ingest([{ symbol: 'BTC', ts: Date.now(), price: '123.45', volume: '1' }]);
      await ing.stop();
      const [live] = await caller.market.snapshot({ symbols: ['btc'] });
      expect(live!.price).toBe('123.45');
      const stats = await caller.market.cacheStats();
      expect(stats.hits).toBe(marketCacheStats.hits);
    });

    it('serves all assets by default, and the assembled list is cached briefly', async () => {
      const market = callerFor(infra).market;
      const first = await market.snapshot();
      expect(first.find((t) => t.symbol === 'BTC')).toBeDefined();
      const hits = marketCacheStats.hits;
      expect(await market.snapshot()).toEqual(first);
      expect(marketCacheStats.hits).toBe(hits + 1); // one read for the whole list
      time.advance(300); // past the assembled list's 250 ms
      const ing = createIngestor(infra, { flushMs: 60_000 });
      await ing.ingest([{ symbol: 'BTC', ts: Date.now(), price: '150.00', volume: '1' }]);
      await ing.stop();
      expect((await market.snapshot()).find((t) => t.symbol === 'BTC')!.price).toBe('150.00');
    });

    it('knows an asset listed after the symbol list was cached, and still refuses a typo', async () => {
      const market = callerFor(infra).market;
      await market.snapshot({ symbols: ['BTC'] }); // caches the active symbols
      await infra.db.insert(assets).values({ symbol: 'NEWCOIN', name: 'New coin', kind: 'crypto', pricePrecision: 4, qtyPrecision: 2, basePrice: '1', volatility: 0.5 });
      expect(await market.snapshot({ symbols: ['NEWCOIN'] })).toEqual([]); // known, no price yet
      expect((await market.snapshot()).map((t) => t.symbol)).not.toContain('NEWCOIN'); // the default list has no price for it either
      expect((await failure(market.snapshot({ symbols: ['NEWCOIM'] }))).code).toBe('NOT_FOUND');
    });
  });
});

describe('before the catalogue is seeded', () => {
  it('does not remember an empty catalogue (in the cloud the worker seeds it, and a web instance may be asked first)', async () => {
    const time = manualClock(Date.now());
    const infra = await createTestInfra({ clock: time.clock });
    try {
      const market = callerFor(infra).market;
      expect(await market.snapshot()).toEqual([]);
      expect((await failure(market.snapshot({ symbols: ['BTC'] }))).code).toBe('NOT_FOUND');
      await seedAssets(infra.db);
      time.advance(300); // past the assembled list's 250 ms
      expect(await market.snapshot({ symbols: ['BTC'] })).toEqual([]); // known now; no tick or candle yet
      await infra.cache.set('market:latest:ETH', { symbol: 'ETH', price: '1.00', ts: Date.now(), change24h: null, stale: false, ageMs: 0, session: null });
      expect((await market.snapshot()).map((t) => t.symbol)).toEqual(['ETH']);
    } finally {
      await infra.close();
    }
  });
});
