import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { fills, orders, paperAccounts } from '@/db/schema';
import type { Infra } from '@/server/infra/infra';
import { AppError } from '@/server/errors';
import { ensureAccount } from '@/server/services/trading/accounts';
import { buyCost, slippedPrice } from '@/server/services/trading/fill-model';
import { money, str } from '@/server/services/trading/money';
import { placeOrder } from '@/server/services/trading/place-order';
import { insertAsset, insertUser, manualClock, setAccountFields, setLatestPrice, tradingDeps } from '../../support/trading';

/**
 * Shared by the PGlite and Postgres suites: 100 market buys at once on an account that can afford exactly
 * 10 of them. The account lock must let exactly 10 through and refuse 90 with INSUFFICIENT_FUNDS.
 */
export async function hundredConcurrentBuys(infra: Infra): Promise<void> {
  const time = manualClock();
  await insertAsset(infra, 'CONC', { pricePrecision: 2, qtyPrecision: 2 });
  await setLatestPrice(infra, 'CONC', '100.00', time.now());
  const user = await insertUser(infra);
  const account = await ensureAccount(infra.db, user.id);
  const perOrder = buyCost(money(1), slippedPrice('buy', money('100.00'), 2));
  const cash = str(perOrder.mul(10));
  await setAccountFields(infra, account.id, { cash, initialCash: cash });

  const deps = tradingDeps(infra, time.clock);
  const results = await Promise.allSettled(
    Array.from({ length: 100 }, () =>
      placeOrder(deps, user.id, { symbol: 'CONC', side: 'buy', type: 'market', qty: '1', timeInForce: 'gtc' }),
    ),
  );
  const filled = results.filter((r) => r.status === 'fulfilled' && r.value.status === 'filled');
  const refused = results.filter(
    (r) => r.status === 'rejected' && r.reason instanceof AppError && r.reason.reason === 'INSUFFICIENT_FUNDS',
  );
  expect(filled).toHaveLength(10);
  expect(refused).toHaveLength(90);

  const [after] = await infra.db.select().from(paperAccounts).where(eq(paperAccounts.id, account.id));
  expect(money(after!.cash).isZero()).toBe(true);
  expect(await infra.db.select().from(fills).where(eq(fills.accountId, account.id))).toHaveLength(10);
  const statuses = (await infra.db.select().from(orders).where(eq(orders.accountId, account.id))).map((o) => o.status);
  expect(statuses.filter((s) => s === 'rejected')).toHaveLength(90);
}

/** One clientOrderId submitted 50 times at once: one order, and every caller gets that same order back. */
export async function fiftyConcurrentRetries(infra: Infra): Promise<void> {
  const time = manualClock();
  await insertAsset(infra, 'IDEM', { pricePrecision: 2, qtyPrecision: 2 });
  await setLatestPrice(infra, 'IDEM', '10.00', time.now());
  const user = await insertUser(infra);
  const deps = tradingDeps(infra, time.clock);
  const submit = () =>
    placeOrder(deps, user.id, {
      symbol: 'IDEM',
      side: 'buy',
      type: 'market',
      qty: '2',
      timeInForce: 'gtc',
      clientOrderId: 'retry-me-1',
    });
  const results = await Promise.all(Array.from({ length: 50 }, submit));
  expect(new Set(results.map((o) => o.id)).size).toBe(1);
  const account = await ensureAccount(infra.db, user.id);
  expect(await infra.db.select().from(orders).where(eq(orders.accountId, account.id))).toHaveLength(1);
  expect(await infra.db.select().from(fills).where(eq(fills.accountId, account.id))).toHaveLength(1);
}
