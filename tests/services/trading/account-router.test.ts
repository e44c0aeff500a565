import { TRPCError } from '@trpc/server';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, cashMovements } from '@/db/schema';
import type { Infra } from '@/server/infra/infra';
import { callerFor } from '../../support/caller';
import { createTestInfra } from '../../support/infra';
import { insertAsset, insertUser, setLatestPrice } from '../../support/trading';

let infra: Infra;
const later = Date.now() + 3_600_000;

beforeAll(async () => {
  infra = await createTestInfra();
  await insertAsset(infra, 'ACC', { pricePrecision: 2, qtyPrecision: 2 });
  await setLatestPrice(infra, 'ACC', '100.00', later);
});
afterAll(() => infra.close());

async function failure(p: Promise<unknown>): Promise<TRPCError> {
  const e = await p.then(
    () => null,
    (error: unknown) => error,
  );
  expect(e).toBeInstanceOf(TRPCError);
  return e as TRPCError;
}

describe('account', () => {
  it('is created lazily with 100,000 USD; equity and buying power follow orders', async () => {
    const user = await insertUser(infra);
    const caller = callerFor(infra, user);
    const fresh = await caller.account.get();
    expect(fresh).toMatchObject({ cash: '100000', equity: '100000', buyingPower: '100000', currency: 'USD' });

    await caller.trading.placeOrder({ symbol: 'ACC', side: 'buy', type: 'market', qty: '10', timeInForce: 'gtc' });
    await caller.trading.placeOrder({ symbol: 'ACC', side: 'buy', type: 'limit', qty: '5', limitPrice: '90.00', timeInForce: 'gtc' });
    const after = await caller.account.get();
    // 10 × 100.05 = 1000.50 + fee 1.01; the resting limit holds 5 × 90 + fee 0.45.
    expect(after.cash).toBe('98998.49');
    expect(after.reservedCash).toBe('450.45');
    expect(after.buyingPower).toBe('98548.04');
    expect(after.equity).toBe('99998.49');
    const [position] = (await caller.trading.positions()).data;
    expect(position).toMatchObject({ symbol: 'ACC', qty: '10', avgEntry: '100.05', unrealizedPnl: '-0.5' });
  });

  it('reset needs the confirmation word, cancels open orders, restores cash and is audited', async () => {
    const user = await insertUser(infra);
    const caller = callerFor(infra, user);
    await caller.trading.placeOrder({ symbol: 'ACC', side: 'buy', type: 'market', qty: '3', timeInForce: 'gtc' });
    const resting = await caller.trading.placeOrder({ symbol: 'ACC', side: 'buy', type: 'limit', qty: '1', limitPrice: '50.00', timeInForce: 'gtc' });

    expect((await failure(caller.account.reset({ confirm: 'yes' } as never))).code).toBe('BAD_REQUEST');
    const reset = await caller.account.reset({ confirm: 'RESET' });
    expect(reset).toMatchObject({ cash: '100000', equity: '100000', buyingPower: '100000', realizedPnl: '0' });
    expect(await caller.trading.positions()).toEqual({ data: [], nextCursor: null });
    expect((await caller.trading.order({ orderId: resting.id })).status).toBe('canceled');
    const audits = await infra.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'account.reset'), eq(auditLog.actorId, user.id)));
    expect(audits).toHaveLength(1);
    const movements = await infra.db.select().from(cashMovements).where(eq(cashMovements.accountId, reset.id));
    expect(movements.map((m) => m.kind).sort()).toEqual(['buy', 'deposit', 'fee', 'reset']);
  });

  it('history runs from the reset (initial cash) through a snapshot per fill to equity now; TWR agrees with the P&L', async () => {
    const user = await insertUser(infra);
    const caller = callerFor(infra, user);
    for (const price of ['100.00', '120.00', '90.00']) {
      await setLatestPrice(infra, 'ACC', price, later);
      await caller.trading.placeOrder({ symbol: 'ACC', side: 'buy', type: 'market', qty: '50', timeInForce: 'gtc' });
    }
    await setLatestPrice(infra, 'ACC', '100.00', later);
    const history = await caller.account.history();
    expect(history.curve.map((p) => p.reason)).toEqual(['reset', 'fill', 'fill', 'fill', 'now']);
    expect(history.curve[0]!.equity).toBe('100000');
    const account = await caller.account.get();
    expect(history.curve[4]!.equity).toBe(account.equity);
    const pnl = Number(account.equity) - Number(account.initialCash);
    expect(Math.sign(history.performance.timeWeightedReturn!)).toBe(Math.sign(pnl));
    expect(history.performance.maxDrawdown).toBeGreaterThan(0);
    // Seconds of history: no annualised ratios, and the reason why.
    expect(history.performance.sharpe).toBeNull();
    expect(history.performance.ratiosNote).toMatch(/7 days/);
  });
});

describe('admin.halts', () => {
  it('admins halt and resume (audited); other users are refused', async () => {
    const admin = await insertUser(infra, 'admin');
    const user = await insertUser(infra);
    expect((await failure(callerFor(infra, user).admin.halts.halt({ symbol: 'ACC', reason: 'test halt' }))).code).toBe('FORBIDDEN');
    const asAdmin = callerFor(infra, admin);
    await asAdmin.admin.halts.halt({ symbol: 'ACC', reason: 'maintenance', durationMinutes: 10 });
    expect((await asAdmin.admin.halts.list()).data.map((h) => h.symbol)).toEqual(['ACC']);
    const refused = await failure(
      callerFor(infra, user).trading.placeOrder({ symbol: 'ACC', side: 'buy', type: 'market', qty: '1', timeInForce: 'gtc' }),
    );
    expect(refused.code).toBe('UNPROCESSABLE_CONTENT');
    await asAdmin.admin.halts.resume({ symbol: 'ACC' });
    expect((await asAdmin.admin.halts.list()).data).toEqual([]);
    const actions = (await infra.db.select().from(auditLog).where(eq(auditLog.actorId, admin.id))).map((a) => a.action);
    expect(actions.sort()).toEqual(['symbol.halt', 'symbol.resume']);
  });
});
