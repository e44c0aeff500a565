import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Infra } from '@/server/infra/infra';
import { ensureAccount } from '@/server/services/trading/accounts';
import { placeOrder } from '@/server/services/trading/place-order';
import { createTestInfra } from '../../support/infra';
import { insertAsset, insertUser, manualClock, setAccountFields, setLatestPrice, tradingDeps } from '../../support/trading';

let infra: Infra;
const time = manualClock();

beforeAll(async () => {
  infra = await createTestInfra();
  await insertAsset(infra, 'BTC', { pricePrecision: 2, qtyPrecision: 6 });
});
afterAll(() => infra.close());

describe('placeOrder', () => {
  it('fills a market buy at the slipped price and charges the fee', async () => {
    const user = await insertUser(infra);
    await setLatestPrice(infra, 'BTC', '50000.00', time.now());
    const order = await placeOrder(tradingDeps(infra, time.clock), user.id, {
      symbol: 'BTC',
      side: 'buy',
      type: 'market',
      qty: '0.1',
      timeInForce: 'gtc',
    });
    expect(order.status).toBe('filled');
    expect(order.filledQty).toBe('0.1');
    // 50000 × 1.0005 = 50025; notional 5002.5; fee 10 bps = 5.0025 → 5.01 (rounded up to the cent).
    expect(order.avgFillPrice).toBe('50025');
    const account = await ensureAccount(infra.db, user.id);
    expect(account.cash).toBe('94992.49');
  });
});

describe('time in force and liquidity', () => {
  // 250,000 USD of liquidity per tick: at 50,000 that is 5 BTC.
  async function bigAccount() {
    const user = await insertUser(infra);
    const account = await ensureAccount(infra.db, user.id);
    await setAccountFields(infra, account.id, {
      cash: '10000000',
      initialCash: '10000000',
      maxOrderNotional: '10000000',
      maxPositionNotional: '10000000',
    });
    return { user, account };
  }
  const buy8 = { symbol: 'BTC', side: 'buy', type: 'market', qty: '8' } as const;

  it('fok larger than one tick can fill: canceled, nothing traded, nothing held', async () => {
    const { user } = await bigAccount();
    await setLatestPrice(infra, 'BTC', '50000.00', time.now());
    const order = await placeOrder(tradingDeps(infra, time.clock), user.id, { ...buy8, timeInForce: 'fok' });
    expect([order.status, order.reason, order.filledQty]).toEqual(['canceled', 'FOK_NOT_FILLED', '0']);
    const after = await ensureAccount(infra.db, user.id);
    expect([after.cash, after.reservedCash]).toEqual(['10000000', '0']);
  });

  it('ioc fills what one tick allows and cancels the rest, releasing its reserve', async () => {
    const { user } = await bigAccount();
    await setLatestPrice(infra, 'BTC', '50000.00', time.now());
    const order = await placeOrder(tradingDeps(infra, time.clock), user.id, { ...buy8, timeInForce: 'ioc' });
    expect([order.status, order.reason]).toEqual(['canceled', 'IOC_REMAINDER']);
    // 250,000 / 50,000 = 5 BTC at most from one tick.
    expect(order.filledQty).toBe('5');
    expect((await ensureAccount(infra.db, user.id)).reservedCash).toBe('0');
  });

  it('gtc keeps the remainder open (partially filled) with cash reserved for it', async () => {
    const { user } = await bigAccount();
    await setLatestPrice(infra, 'BTC', '50000.00', time.now());
    const order = await placeOrder(tradingDeps(infra, time.clock), user.id, { ...buy8, timeInForce: 'gtc' });
    expect([order.status, order.filledQty]).toEqual(['partially_filled', '5']);
    // 3 BTC at 50,025 plus the fee: 150,075 + 150.08.
    expect((await ensureAccount(infra.db, user.id)).reservedCash).toBe('150225.08');
  });
});
