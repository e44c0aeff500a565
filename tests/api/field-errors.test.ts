import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldErrorsFrom } from '@/components/forms/field-errors';
import { appRouter } from '@/server/api/root';
import type { Context, SessionUser } from '@/server/api/trpc';
import { createTrpcEndpoint } from '@/server/http/trpc-endpoint';
import type { Infra } from '@/server/infra/infra';
import { restErrorParts } from '@/server/rest/errors';
import { callerFor } from '../support/caller';
import { createTestInfra } from '../support/infra';
import { insertAsset, insertUser, setLatestPrice } from '../support/trading';

let infra: Infra;
let trader: SessionUser;

beforeAll(async () => {
  infra = await createTestInfra();
  await insertAsset(infra, 'BTC', { pricePrecision: 2, qtyPrecision: 6 });
  await setLatestPrice(infra, 'BTC', '50000.00', Date.now() + 3_600_000);
  trader = await insertUser(infra);
});
afterAll(() => infra.close());

const order = { symbol: 'BTC', side: 'buy', type: 'market', qty: '1', timeInForce: 'ioc' } as const;

/** `trading.placeOrder` through the real tRPC HTTP endpoint, as the trader; the error part of the answer. */
async function placeOverHttp(input: Record<string, unknown>) {
  const handle = createTrpcEndpoint({
    endpoint: '/api/trpc/node',
    router: appRouter,
    runtime: 'nodejs',
    createContext: (headers, resHeaders): Context => ({
      requestId: headers.get('x-request-id')!, runtime: 'nodejs', db: infra.db, cache: infra.cache, bus: infra.bus,
      ratelimit: infra.ratelimit, clock: infra.clock, user: trader, session: { sid: crypto.randomUUID(), via: 'bearer', scopes: null },
      clientIp: '203.0.113.9', resHeaders,
    }),
    onInternalError: () => {},
  });
  const res = await handle(
    new Request('http://localhost/api/trpc/node/trading.placeOrder', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ json: { ...order, ...input } }),
    }),
  );
  const body = (await res.json()) as { error: { json: { message: string; data: Record<string, unknown> } } };
  return { status: res.status, message: body.error.json.message, data: body.error.json.data };
}

describe('field errors travel in one slot', () => {
  it("marks `qty` when an order has more decimals than the asset allows, in tRPC's data.details.fieldErrors", async () => {
    const { status, data } = await placeOverHttp({ qty: '0.1234567' });
    expect(status).toBe(400);
    expect(data.reason).toBe('PRECISION');
    expect(data.details).toEqual({ fieldErrors: { qty: ['BTC quantities have at most 6 decimal places'] } });
    expect(data).not.toHaveProperty('zodError');
    // What the order ticket does with the answer: the message goes under the quantity field.
    expect(fieldErrorsFrom({ data })).toEqual({ qty: ['BTC quantities have at most 6 decimal places'] });
  });

  it('puts input that zod refuses in the same slot, with no second copy elsewhere', async () => {
    const { status, message, data } = await placeOverHttp({ qty: '1e3', type: 'limit' });
    expect(status).toBe(400);
    expect(message).toBe('Invalid input');
    const details = data.details as { fieldErrors: Record<string, string[]>; formErrors: string[] };
    expect(Object.keys(details.fieldErrors).sort()).toEqual(['limitPrice', 'qty']);
    expect(Object.keys(data).sort()).toEqual(['appCode', 'code', 'details', 'httpStatus', 'path', 'reason', 'requestId']);
  });

  it('sends REST clients the same fieldErrors under error.details', async () => {
    const error = await callerFor(infra, trader).trading.placeOrder({ ...order, qty: '0.1234567' }).catch((e: unknown) => e);
    const { status, body } = restErrorParts(error, 'req-1');
    expect(status).toBe(400);
    expect(body.error.details).toEqual({ reason: 'PRECISION', fieldErrors: { qty: ['BTC quantities have at most 6 decimal places'] } });
    expect(fieldErrorsFrom(body)).toEqual({ qty: ['BTC quantities have at most 6 decimal places'] });
  });
});
