import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Infra } from '@/server/infra/infra';
import { handleRest } from '@/server/rest/handler';
import { latestTickKey, STATUS_TTL_MS, symbolStatusKey, type PriceTick, type SymbolStatus } from '@/server/services/market/price-tick';
import { seedAssets } from '@/server/services/market/seed-assets';
import { callerFor, restContext } from '../support/caller';
import { expectTrpcError } from '../support/errors';
import { createTestInfra } from '../support/infra';
import { insertUser } from '../support/trading';

/**
 * A market order for an equity whose live session is closed is refused, on tRPC and on REST alike, with a
 * 422 MARKET_CLOSED that says so; a limit order may rest, and the price reads say "closed" with the last close.
 * The status is what the running feed writes for a Yahoo-served equity after its session ended.
 */
let infra: Infra;
const HOUR = 3_600_000;
const closedAt = Date.now() - 2 * HOUR;
const session = { open: false, opensAt: closedAt + 15.5 * HOUR, closesAt: closedAt + 22 * HOUR, timeZone: 'America/New_York' };

beforeAll(async () => {
  infra = await createTestInfra();
  await seedAssets(infra.db);
  const lastClose: PriceTick = { symbol: 'AAPL', price: '231.42', ts: closedAt, change24h: 0.5, stale: false, ageMs: 0, session: null };
  await infra.cache.set(latestTickKey('AAPL'), lastClose);
  const status: SymbolStatus = { source: 'yahoo', stale: false, lastTickAt: closedAt, session };
  await infra.cache.set(symbolStatusKey('AAPL'), status, { ttlMs: STATUS_TTL_MS });
});
afterAll(() => infra.close());

async function rest(method: string, target: string, token: string | null, body?: unknown) {
  const path = target.split('?')[0]!;
  const headers = new Headers(body === undefined ? {} : { 'content-type': 'application/json' });
  if (token) headers.set('authorization', `Bearer ${token}`);
  const res = await handleRest(
    new Request(`http://localhost/api/v1${target}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }),
    path,
    restContext(infra, { ip: '203.0.113.9' }),
  );
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('closed equity market', () => {
  it('price reads: the last close, not stale, with the closed session and its age (tRPC and REST)', async () => {
    const [aapl] = await callerFor(infra).market.snapshot({ symbols: ['AAPL'] });
    expect(aapl).toMatchObject({ symbol: 'AAPL', price: '231.42', ts: closedAt, stale: false, session });
    expect(aapl!.ageMs).toBeGreaterThanOrEqual(2 * HOUR);
    const { status, json } = await rest('GET', '/prices?symbols=AAPL', null);
    expect(status).toBe(200);
    expect((json.data as unknown[])[0]).toMatchObject({ symbol: 'AAPL', price: '231.42', stale: false, session });
  });

  it('tRPC: a market order is refused with 422 MARKET_CLOSED; a limit order rests', async () => {
    const user = await insertUser(infra);
    const caller = callerFor(infra, user);
    const error = await expectTrpcError(caller.trading.placeOrder({ symbol: 'AAPL', side: 'buy', type: 'market', qty: '1' }), 'UNPROCESSABLE_CONTENT');
    expect(error.cause).toMatchObject({ code: 'UNPROCESSABLE', reason: 'MARKET_CLOSED' });
    expect(error.message).toMatch(/AAPL market is closed, so market orders are refused\. It opens at .*Z\. A limit order can rest/);
    const resting = await caller.trading.placeOrder({ symbol: 'AAPL', side: 'buy', type: 'limit', qty: '1', limitPrice: '200.00' });
    expect(resting).toMatchObject({ status: 'new', type: 'limit' });
  });

  it('REST: POST /orders answers 422 with reason MARKET_CLOSED', async () => {
    const user = await insertUser(infra);
    const key = await callerFor(infra, user).keys.create({ name: 'bot', scopes: ['read', 'trade'] });
    const { status, json } = await rest('POST', '/orders', key.secret, { symbol: 'AAPL', side: 'sell', type: 'market', qty: '1' });
    expect(status).toBe(422);
    expect(json.error).toMatchObject({ code: 'UNPROCESSABLE', details: { reason: 'MARKET_CLOSED' }, message: expect.stringMatching(/AAPL market is closed/) });
  });
});
