import { TRPCError } from '@trpc/server';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orders, paperAccounts } from '@/db/schema';
import type { Infra } from '@/server/infra/infra';
import { callerFor } from '../../support/caller';
import { fieldErrorsOf } from '../../support/errors';
import { createTestInfra } from '../../support/infra';
import { insertAsset, insertUser, setLatestPrice } from '../../support/trading';

let infra: Infra;

beforeAll(async () => {
  infra = await createTestInfra();
  await insertAsset(infra, 'ETH', { pricePrecision: 2, qtyPrecision: 4 });
  await setLatestPrice(infra, 'ETH', '2000.00', Date.now() + 3_600_000);
});
afterAll(() => infra.close());

async function rowCounts() {
  const [o] = await infra.db.select({ n: count() }).from(orders);
  const [a] = await infra.db.select({ n: count() }).from(paperAccounts);
  return { orders: o!.n, accounts: a!.n };
}

async function trpcError(p: Promise<unknown>): Promise<TRPCError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

/** Field names the error points at, from the one slot clients read (zod's refusals and the service's alike). */
const fieldsOf = (error: TRPCError) => Object.keys(fieldErrorsOf(error));

const base = { symbol: 'ETH', side: 'buy', type: 'market', qty: '1', timeInForce: 'gtc' } as const;

describe('trading.placeOrder input', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['qty 0', { qty: '0' }, 'qty'],
    ['negative qty', { qty: '-1' }, 'qty'],
    ['NaN', { qty: 'NaN' }, 'qty'],
    ['Infinity', { qty: 'Infinity' }, 'qty'],
    ['exponent', { qty: '1e3' }, 'qty'],
    ['a JSON number', { qty: 1 }, 'qty'],
    ['excess qty precision', { qty: '0.00001' }, 'qty'],
    ['excess price precision', { type: 'limit', limitPrice: '2000.001' }, 'limitPrice'],
    ['limit without limitPrice', { type: 'limit' }, 'limitPrice'],
    ['stop_limit without stopPrice', { type: 'stop_limit', limitPrice: '2100' }, 'stopPrice'],
    ['stop without stopPrice', { type: 'stop' }, 'stopPrice'],
    ['market with a limit price', { limitPrice: '10' }, 'limitPrice'],
  ];
  it.each(cases)('%s → BAD_REQUEST naming the field, nothing written', async (_name, patch, field) => {
    const user = await insertUser(infra);
    const before = await rowCounts();
    const error = await trpcError(callerFor(infra, user).trading.placeOrder({ ...base, ...patch } as never));
    expect(error.code).toBe('BAD_REQUEST');
    expect(fieldsOf(error)).toContain(field);
    expect(await rowCounts()).toEqual(before);
  });

  it('unknown symbol → NOT_FOUND (UNKNOWN_SYMBOL, as on every other door) naming the field, nothing written', async () => {
    const user = await insertUser(infra);
    const before = await rowCounts();
    const error = await trpcError(callerFor(infra, user).trading.placeOrder({ ...base, symbol: 'nope' }));
    expect(error.code).toBe('NOT_FOUND');
    expect((error.cause as { reason?: string }).reason).toBe('UNKNOWN_SYMBOL');
    expect(fieldsOf(error)).toEqual(['symbol']);
    expect(await rowCounts()).toEqual(before);
  });
});

describe('access to orders', () => {
  it("user A cannot see or cancel B's orders: NOT_FOUND, the same as for an id that does not exist", async () => {
    const a = await insertUser(infra);
    const b = await insertUser(infra);
    const asB = callerFor(infra, b);
    const resting = await asB.trading.placeOrder({ ...base, type: 'limit', limitPrice: '1000.00' });
    expect(resting.status).toBe('new');

    const asA = callerFor(infra, a);
    for (const orderId of [resting.id, crypto.randomUUID()]) {
      expect((await trpcError(asA.trading.order({ orderId }))).code).toBe('NOT_FOUND');
      expect((await trpcError(asA.trading.cancelOrder({ orderId }))).code).toBe('NOT_FOUND');
    }
    expect((await asA.trading.orders()).data).toHaveLength(0);
    expect((await asA.trading.fills()).data).toHaveLength(0);
    expect((await asB.trading.orders()).data.map((o) => o.id)).toEqual([resting.id]);
    expect((await asB.trading.order({ orderId: resting.id })).status).toBe('new');
    expect((await asB.trading.cancelOrder({ orderId: resting.id })).status).toBe('canceled');
  });

  it('anonymous callers are refused', async () => {
    expect((await trpcError(callerFor(infra).trading.orders())).code).toBe('UNAUTHORIZED');
  });
});

describe('idempotency through the router', () => {
  it('a retry returns the original order; the same id with a different body is a CONFLICT', async () => {
    const user = await insertUser(infra);
    const caller = callerFor(infra, user);
    const first = await caller.trading.placeOrder({ ...base, clientOrderId: 'abc-1' });
    const retry = await caller.trading.placeOrder({ ...base, qty: '1.000', clientOrderId: 'abc-1' });
    expect(retry.id).toBe(first.id);
    const error = await trpcError(caller.trading.placeOrder({ ...base, qty: '2', clientOrderId: 'abc-1' }));
    expect(error.code).toBe('CONFLICT');
    expect((await caller.trading.orders()).data).toHaveLength(1);
  });
});

describe('order and fill lists', () => {
  it('page newest first with a cursor, and filter by status', async () => {
    const user = await insertUser(infra);
    const caller = callerFor(infra, user);
    const placed = [];
    for (const limitPrice of ['100.00', '101.00', '102.00']) {
      placed.push(await caller.trading.placeOrder({ ...base, type: 'limit', limitPrice }));
    }
    await caller.trading.placeOrder({ ...base });
    const first = await caller.trading.orders({ limit: 2 });
    const second = await caller.trading.orders({ limit: 2, cursor: first.nextCursor! });
    const ids = [...first.data, ...second.data].map((o) => o.id);
    expect(new Set(ids).size).toBe(4);
    expect(second.nextCursor).toBeNull();
    const open = await caller.trading.orders({ open: true, limit: 10 });
    expect(open.data.map((o) => o.id).sort()).toEqual(placed.map((o) => o.id).sort());
    const fills = await caller.trading.fills({ limit: 10 });
    expect(fills.data).toHaveLength(1);
    expect(fills.data[0]).toMatchObject({ side: 'buy', qty: '1', price: '2001' });
  });
});
