import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assets, watchlistItems } from '@/db/schema';
import type { SessionUser } from '@/server/api/trpc';
import type { Infra } from '@/server/infra/infra';
import { seedAssets } from '@/server/services/market/seed-assets';
import { WATCHLIST_MAX } from '@/server/services/watchlist/watchlist';
import { createUser } from '../support/accounts';
import { callerFor } from '../support/caller';
import { expectTrpcError, fieldErrorsOf } from '../support/errors';
import { createTestInfra } from '../support/infra';
import { setLatestPrice } from '../support/trading';

let infra: Infra;
let alice: SessionUser;
let bob: SessionUser;

beforeEach(async () => {
  infra = await createTestInfra();
  await seedAssets(infra.db);
  alice = await createUser(infra, 'Alice');
  bob = await createUser(infra, 'Bob');
});
afterEach(async () => infra.close());

describe('watchlist', () => {
  it('adds, lists in the order added with the latest prices, and removes', async () => {
    const api = callerFor(infra, alice);
    expect((await api.watchlist.list()).data).toEqual([]);
    await setLatestPrice(infra, 'ETH', '3500.25', Date.now());

    expect(await api.watchlist.add({ symbol: 'eth' })).toEqual({ symbol: 'ETH', added: true });
    expect(await api.watchlist.add({ symbol: 'AAPL' })).toEqual({ symbol: 'AAPL', added: true });
    const { data: list } = await api.watchlist.list();
    expect(list.map((w) => w.symbol)).toEqual(['ETH', 'AAPL']);
    expect(list[0]).toMatchObject({ symbol: 'ETH', name: 'Ethereum', kind: 'crypto', price: '3500.25' });
    expect(list[0]!.addedAt).toBeInstanceOf(Date);
    // No tick and no stored candle for AAPL yet: listed, without a price.
    expect(list[1]).toMatchObject({ symbol: 'AAPL', kind: 'equity', price: null, change24h: null });

    expect(await api.watchlist.remove({ symbol: 'ETH' })).toEqual({ symbol: 'ETH' });
    expect((await api.watchlist.list()).data.map((w) => w.symbol)).toEqual(['AAPL']);
    await expectTrpcError(api.watchlist.remove({ symbol: 'ETH' }), 'NOT_FOUND');
  });

  it('keeps a symbol once: adding it again changes nothing', async () => {
    const api = callerFor(infra, alice);
    await api.watchlist.add({ symbol: 'BTC' });
    expect(await api.watchlist.add({ symbol: 'btc' })).toEqual({ symbol: 'BTC', added: false });
    expect(await Promise.all([api.watchlist.add({ symbol: 'SOL' }), api.watchlist.add({ symbol: 'SOL' })])).toEqual(
      expect.arrayContaining([{ symbol: 'SOL', added: true }, { symbol: 'SOL', added: false }]),
    );
    expect((await api.watchlist.list()).data.map((w) => w.symbol)).toEqual(['BTC', 'SOL']);
    const rows = await infra.db.select().from(watchlistItems).where(eq(watchlistItems.userId, alice.id));
    expect(rows).toHaveLength(2);
  });

  it('refuses unknown and delisted symbols with NOT_FOUND, and malformed ones with BAD_REQUEST', async () => {
    const api = callerFor(infra, alice);
    const unknown = await expectTrpcError(api.watchlist.add({ symbol: 'NOPE' }), 'NOT_FOUND');
    expect(unknown.message).toBe('Unknown asset NOPE');
    await callerFor(infra, bob).watchlist.add({ symbol: 'DOGE' });
    await infra.db.update(assets).set({ active: false }).where(eq(assets.symbol, 'DOGE'));
    await expectTrpcError(api.watchlist.add({ symbol: 'DOGE' }), 'NOT_FOUND');
    // Delisted after Bob added it: still on his list (he can remove it), without a price.
    expect((await callerFor(infra, bob).watchlist.list()).data).toEqual([expect.objectContaining({ symbol: 'DOGE', price: null })]);
    const bad = await expectTrpcError(api.watchlist.add({ symbol: 'BTC; drop table' }), 'BAD_REQUEST');
    expect(fieldErrorsOf(bad).symbol).toBeDefined();
    expect((await api.watchlist.list()).data).toEqual([]);
  });

  it('is private: B never sees or changes A’s list', async () => {
    const asAlice = callerFor(infra, alice);
    const asBob = callerFor(infra, bob);
    await asAlice.watchlist.add({ symbol: 'BTC' });
    await asAlice.watchlist.add({ symbol: 'NVDA' });
    await asBob.watchlist.add({ symbol: 'TSLA' });

    expect((await asBob.watchlist.list()).data.map((w) => w.symbol)).toEqual(['TSLA']);
    await expectTrpcError(asBob.watchlist.remove({ symbol: 'BTC' }), 'NOT_FOUND');
    expect((await asAlice.watchlist.list()).data.map((w) => w.symbol)).toEqual(['BTC', 'NVDA']);
    // Bob adding a symbol Alice has does not touch hers.
    await asBob.watchlist.add({ symbol: 'NVDA' });
    await asBob.watchlist.remove({ symbol: 'NVDA' });
    expect((await asAlice.watchlist.list()).data.map((w) => w.symbol)).toEqual(['BTC', 'NVDA']);
  });

  it('needs a signed-in user', async () => {
    const anon = callerFor(infra);
    await expectTrpcError(anon.watchlist.list(), 'UNAUTHORIZED');
    await expectTrpcError(anon.watchlist.add({ symbol: 'BTC' }), 'UNAUTHORIZED');
    await expectTrpcError(anon.watchlist.remove({ symbol: 'BTC' }), 'UNAUTHORIZED');
  });

  it(`holds at most ${WATCHLIST_MAX} symbols`, async () => {
    const extra = Array.from({ length: WATCHLIST_MAX }, (_, i) => ({
      symbol: `T${i}`,
      name: `Test ${i}`,
      kind: 'equity' as const,
      pricePrecision: 2,
      qtyPrecision: 2,
      basePrice: '10',
      volatility: 0.2,
    }));
    await infra.db.insert(assets).values(extra);
    await infra.db.insert(watchlistItems).values(extra.map((a) => ({ userId: alice.id, symbol: a.symbol })));
    const api = callerFor(infra, alice);
    const full = await expectTrpcError(api.watchlist.add({ symbol: 'BTC' }), 'CONFLICT');
    expect(full.message).toMatch(/at most 50/);
    // Re-adding one already there is still fine.
    expect(await api.watchlist.add({ symbol: 'T0' })).toEqual({ symbol: 'T0', added: false });
  });
});
