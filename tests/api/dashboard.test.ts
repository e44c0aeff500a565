import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { candles } from '@/db/schema';
import type { SessionUser } from '@/server/api/trpc';
import type { Infra } from '@/server/infra/infra';
import { seedAssets } from '@/server/services/market/seed-assets';
import { createUser } from '../support/accounts';
import { callerFor } from '../support/caller';
import { expectTrpcError } from '../support/errors';
import { createTestInfra } from '../support/infra';
import { setAccountFields, setLatestPrice } from '../support/trading';

let infra: Infra;
beforeEach(async () => {
  infra = await createTestInfra();
  await seedAssets(infra.db);
});
afterEach(async () => infra.close());

const MINUTE = 60_000;

/** A 1m candle `minutesAgo` before now (bucket-aligned) with the given open and close. */
function bar(symbol: string, minutesAgo: number, open: string, close: string) {
  const bucket = new Date(Math.floor((Date.now() - minutesAgo * MINUTE) / MINUTE) * MINUTE);
  return {
    symbol,
    interval: '1m' as const,
    bucket,
    open,
    high: open > close ? open : close,
    low: open > close ? close : open,
    close,
    volume: '1',
    trades: 1,
    openTs: bucket,
    closeTs: new Date(bucket.getTime() + 59_000),
  };
}

describe('market.movers', () => {
  it('ranks 24 h moves from stored candles: the close a day ago against the latest close', async () => {
    await infra.db.insert(candles).values([
      // A day and a minute ago → now: +50 %, −20 %, +5 %, −1 %, unchanged.
      bar('BTC', 24 * 60 + 1, '100', '100'),
      bar('BTC', 30, '120', '125'),
      bar('BTC', 1, '140', '150'),
      bar('ETH', 24 * 60 + 1, '2000', '2000'),
      bar('ETH', 1, '1700', '1600'),
      bar('SOL', 24 * 60 + 1, '100', '100'),
      bar('SOL', 2, '105', '105'),
      bar('AAPL', 24 * 60 + 1, '200', '200'),
      bar('AAPL', 3, '199', '198'),
      bar('NVDA', 24 * 60 + 1, '50', '50'),
      bar('NVDA', 1, '50', '50'),
      // Only a young history: measured from the first open inside the window (10 → 11 = +10 %).
      bar('PEPE', 600, '10', '10.5'),
      bar('PEPE', 1, '10.8', '11'),
      // Nothing inside the window: left out rather than shown with a stale move.
      bar('DOGE', 3 * 24 * 60, '1', '5'),
    ]);
    const movers = await callerFor(infra).market.movers({ limit: 3 });
    expect(movers.gainers.map((m) => [m.symbol, m.changePct])).toEqual([
      ['BTC', 50],
      ['PEPE', 10],
      ['SOL', 5],
    ]);
    expect(movers.losers.map((m) => [m.symbol, m.changePct])).toEqual([
      ['ETH', -20],
      ['AAPL', -1],
    ]);
    expect(movers.gainers[0]).toMatchObject({ name: 'Bitcoin', kind: 'crypto', price: '150', referencePrice: '100' });
    expect(movers.to - movers.from).toBe(86_400_000);

    const one = await callerFor(infra).market.movers({ limit: 1 });
    expect(one.gainers.map((m) => m.symbol)).toEqual(['BTC']);
    expect(one.losers.map((m) => m.symbol)).toEqual(['ETH']);
  });

  it('is empty without history', async () => {
    const movers = await callerFor(infra).market.movers();
    expect(movers.gainers).toEqual([]);
    expect(movers.losers).toEqual([]);
  });
});

describe('account.activity', () => {
  let user: SessionUser;
  beforeEach(async () => {
    user = await createUser(infra, 'Trader');
    await setLatestPrice(infra, 'ETH', '2000.00', Date.now());
  });

  it('lists the user’s fills and rejected orders, newest first, and nobody else’s', async () => {
    const api = callerFor(infra, user);
    expect(await api.account.activity()).toEqual([]);
    const filled = await api.trading.placeOrder({ symbol: 'ETH', side: 'buy', type: 'market', qty: '0.5', timeInForce: 'ioc' });
    const account = await api.account.get();
    await setAccountFields(infra, account.id, { killSwitch: true });
    // A rejection is an error to the caller, and the rejected order is kept.
    const error = await expectTrpcError(
      api.trading.placeOrder({ symbol: 'ETH', side: 'buy', type: 'market', qty: '0.5', timeInForce: 'ioc' }),
      'UNPROCESSABLE_CONTENT',
    );
    const rejected = { id: (error.cause as unknown as { details: { orderId: string } }).details.orderId };
    expect((await api.trading.order({ orderId: rejected.id })).status).toBe('rejected');

    const activity = await api.account.activity({ limit: 10 });
    expect(activity).toHaveLength(2);
    expect(activity[0]).toMatchObject({ kind: 'rejected', orderId: rejected.id, symbol: 'ETH', reason: 'KILL_SWITCH' });
    expect(activity[0]!.kind === 'rejected' && activity[0]!.message).toBeTruthy();
    expect(activity[1]).toMatchObject({ kind: 'fill', orderId: filled.id, symbol: 'ETH', side: 'buy', qty: '0.5' });

    const other = await createUser(infra, 'Other');
    expect(await callerFor(infra, other).account.activity()).toEqual([]);
    expect(await api.account.activity({ limit: 1 })).toHaveLength(1);
    await expectTrpcError(callerFor(infra).account.activity(), 'UNAUTHORIZED');
  });
});
