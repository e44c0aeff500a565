import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { placeOrder } from '@/server/services/trading/place-order';
import { money } from '@/server/services/trading/money';
import { checkStopSide } from '@/server/services/trading/stop-side';
import { ensureAccount } from '@/server/services/trading/accounts';
import { createTestInfra } from '../../support/infra';
import { insertAsset, insertUser, manualClock, setLatestPrice, tradingDeps } from '../../support/trading';

const base = { symbol: 'BTC', pricePrecision: 2 } as const;

describe('checkStopSide', () => {
  it('refuses a sell stop at or above the market and a buy stop at or below it', () => {
    const live = money('50000');
    for (const [side, stop] of [['sell', '50000'], ['sell', '60000'], ['buy', '50000'], ['buy', '40000']] as const) {
      const rejection = checkStopSide({ ...base, side, type: 'stop', stopPrice: money(stop), live });
      expect(rejection?.reason, `${side} stop at ${stop}`).toBe('STOP_WRONG_SIDE');
    }
    const sl = checkStopSide({ ...base, side: 'sell', type: 'stop_limit', stopPrice: money('51000'), live });
    expect(sl?.message).toMatch(/sell stop-limit must be below the market price \(BTC is 50000\.00\)/);
  });

  it('passes stops on the guarded side, other order types, and orders with no live price', () => {
    const live = money('50000');
    expect(checkStopSide({ ...base, side: 'sell', type: 'stop', stopPrice: money('49999.99'), live })).toBeNull();
    expect(checkStopSide({ ...base, side: 'buy', type: 'stop', stopPrice: money('50000.01'), live })).toBeNull();
    expect(checkStopSide({ ...base, side: 'sell', type: 'limit', stopPrice: null, live })).toBeNull();
    expect(checkStopSide({ ...base, side: 'sell', type: 'stop', stopPrice: money('60000'), live: null })).toBeNull();
  });

  it('property: a stop is refused exactly when it would trigger at once', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 1, max: 10_000_000 }), fc.boolean(), (l, s, sell) => {
        const live = money(l).div(100);
        const stopPrice = money(s).div(100);
        const side = sell ? 'sell' : 'buy';
        const triggersAtOnce = sell ? live.lessThanOrEqualTo(stopPrice) : live.greaterThanOrEqualTo(stopPrice);
        const refused = checkStopSide({ ...base, side, type: 'stop', stopPrice, live }) !== null;
        expect(refused).toBe(triggersAtOnce);
      }),
    );
  });
});

describe('placeOrder with a stop on the wrong side', () => {
  it('answers 422 STOP_WRONG_SIDE, records the rejection and holds nothing', async () => {
    const infra = await createTestInfra();
    try {
      const time = manualClock();
      await insertAsset(infra, 'BTC', { pricePrecision: 2, qtyPrecision: 6 });
      const user = await insertUser(infra);
      await setLatestPrice(infra, 'BTC', '50000.00', time.now());
      const deps = tradingDeps(infra, time.clock);
      const placing = placeOrder(deps, user.id, { symbol: 'BTC', side: 'sell', type: 'stop', qty: '0.1', stopPrice: '90000', timeInForce: 'gtc' });
      await expect(placing).rejects.toMatchObject({ code: 'UNPROCESSABLE', reason: 'STOP_WRONG_SIDE' });
      const buyStop = placeOrder(deps, user.id, { symbol: 'BTC', side: 'buy', type: 'stop', qty: '0.1', stopPrice: '10000', timeInForce: 'gtc' });
      await expect(buyStop).rejects.toMatchObject({ reason: 'STOP_WRONG_SIDE' });
      const account = await ensureAccount(infra.db, user.id);
      expect([account.cash, account.reservedCash]).toEqual([account.initialCash, '0']);
      // A buy stop above the market is the guarded side: it rests.
      const resting = await placeOrder(deps, user.id, { symbol: 'BTC', side: 'buy', type: 'stop', qty: '0.1', stopPrice: '55000', timeInForce: 'gtc' });
      expect(resting.status).toBe('new');
    } finally {
      await infra.close();
    }
  });
});
