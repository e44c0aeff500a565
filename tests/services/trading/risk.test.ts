import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, orders } from '@/db/schema';
import { AppError } from '@/server/errors';
import type { Infra } from '@/server/infra/infra';
import { ensureAccount } from '@/server/services/trading/accounts';
import { haltSymbol } from '@/server/services/trading/halts';
import { setKillSwitch } from '@/server/services/trading/kill-switch';
import { placeOrder, type PlaceOrderInput } from '@/server/services/trading/place-order';
import { createTestInfra } from '../../support/infra';
import { insertAsset, insertUser, manualClock, setAccountFields, setLatestPrice, tradingDeps } from '../../support/trading';

let infra: Infra;
const time = manualClock();
const deps = () => tradingDeps(infra, time.clock);

beforeAll(async () => {
  infra = await createTestInfra();
  for (const s of ['RSK', 'HAL', 'NOP', 'OLD']) await insertAsset(infra, s, { pricePrecision: 2, qtyPrecision: 2 });
  await setLatestPrice(infra, 'RSK', '100.00', time.now());
  await setLatestPrice(infra, 'HAL', '100.00', time.now());
  await setLatestPrice(infra, 'OLD', '100.00', time.now() - 60_000);
});
afterAll(() => infra.close());

const buy = (qty: string, symbol = 'RSK'): PlaceOrderInput => ({ symbol, side: 'buy', type: 'market', qty, timeInForce: 'gtc' });

async function refusal(userId: string, input: PlaceOrderInput): Promise<AppError> {
  const error = await placeOrder(deps(), userId, input).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

async function accountFor(setup?: Parameters<typeof setAccountFields>[2]) {
  const user = await insertUser(infra);
  const account = await ensureAccount(infra.db, user.id);
  if (setup) await setAccountFields(infra, account.id, setup);
  return { user, account };
}

describe('pre-trade risk: every limit has its own code and a readable message', () => {
  it('MAX_ORDER_NOTIONAL', async () => {
    const { user } = await accountFor({ maxOrderNotional: '1000' });
    const e = await refusal(user.id, buy('11'));
    expect([e.code, e.reason]).toEqual(['RISK_LIMIT', 'MAX_ORDER_NOTIONAL']);
    // Amounts read as money: cents and grouped thousands.
    expect(e.message).toBe('This order is worth about 1,100.55 USD; one order may be worth at most 1,000.00 USD.');
    const huge = await refusal(user.id, buy('4863718.5'));
    expect(huge.message).toMatch(/^This order is worth about 486,615,035\.\d\d USD;/);
  });

  it('MAX_POSITION_NOTIONAL', async () => {
    const { user } = await accountFor({ maxPositionNotional: '1500' });
    await placeOrder(deps(), user.id, buy('10'));
    const e = await refusal(user.id, buy('5'));
    expect([e.code, e.reason]).toEqual(['RISK_LIMIT', 'MAX_POSITION_NOTIONAL']);
  });

  it('DAILY_LOSS_LIMIT blocks buys but still lets the trader sell', async () => {
    const { user } = await accountFor({ dailyLossLimit: '100' });
    await placeOrder(deps(), user.id, buy('10'));
    await setLatestPrice(infra, 'RSK', '80.00', time.now());
    await placeOrder(deps(), user.id, { ...buy('5'), side: 'sell' });
    const e = await refusal(user.id, buy('1'));
    expect([e.code, e.reason]).toEqual(['RISK_LIMIT', 'DAILY_LOSS_LIMIT']);
    expect((await placeOrder(deps(), user.id, { ...buy('5'), side: 'sell' })).status).toBe('filled');
    await setLatestPrice(infra, 'RSK', '100.00', time.now());
  });

  it('KILL_SWITCH (audited; cancels open orders)', async () => {
    const { user, account } = await accountFor();
    const resting = await placeOrder(deps(), user.id, { ...buy('1'), type: 'limit', limitPrice: '50.00' });
    await setKillSwitch(deps(), user.id, user.id, true);
    const e = await refusal(user.id, buy('1'));
    expect([e.code, e.reason]).toEqual(['RISK_LIMIT', 'KILL_SWITCH']);
    const [row] = await infra.db.select().from(orders).where(eq(orders.id, resting.id));
    expect(row!.status).toBe('canceled');
    const [audits] = await infra.db.select({ n: count() }).from(auditLog).where(eq(auditLog.targetId, account.id));
    expect(audits!.n).toBe(1);
    await setKillSwitch(deps(), user.id, user.id, false);
    expect((await placeOrder(deps(), user.id, buy('1'))).status).toBe('filled');
  });

  it('SYMBOL_HALTED', async () => {
    const admin = await insertUser(infra, 'admin');
    const { user } = await accountFor();
    await haltSymbol(deps(), admin.id, { symbol: 'HAL', reason: 'exchange outage' });
    const e = await refusal(user.id, buy('1', 'HAL'));
    expect([e.code, e.reason]).toEqual(['RISK_LIMIT', 'SYMBOL_HALTED']);
    expect(e.message).toMatch(/exchange outage/);
  });

  it('INSUFFICIENT_FUNDS, INSUFFICIENT_POSITION (long-only), NO_PRICE and PRICE_STALE', async () => {
    const { user } = await accountFor({ cash: '50' });
    expect((await refusal(user.id, buy('1'))).code).toBe('INSUFFICIENT_FUNDS');
    expect((await refusal(user.id, { ...buy('1'), side: 'sell' })).reason).toBe('INSUFFICIENT_POSITION');
    expect((await refusal(user.id, buy('1', 'NOP'))).reason).toBe('NO_PRICE');
    expect((await refusal(user.id, buy('1', 'OLD'))).reason).toBe('PRICE_STALE');
  });

  it('rejected orders are recorded with their reason, and a retry gets the same rejection', async () => {
    const { user, account } = await accountFor({ cash: '50' });
    const input = { ...buy('1'), clientOrderId: 'poor-1' };
    const first = await refusal(user.id, input);
    const again = await refusal(user.id, input);
    expect(again.reason).toBe(first.reason);
    expect(again.details?.orderId).toBe(first.details?.orderId);
    const rows = await infra.db.select().from(orders).where(eq(orders.accountId, account.id));
    expect(rows.map((o) => [o.status, o.reason])).toEqual([['rejected', 'INSUFFICIENT_FUNDS']]);
  });
});
