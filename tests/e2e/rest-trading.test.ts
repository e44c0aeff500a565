import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server';

let server: RunningServer;
let token: string;

beforeAll(async () => {
  server = await startServer();
  const body = { email: 'trader@example.com', password: 'password-123', name: 'Trader' };
  await fetch(`${server.url}/api/v1/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const res = await fetch(`${server.url}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: body.email, password: body.password }),
  });
  token = ((await res.json()) as { accessToken: string }).accessToken;
});
afterAll(async () => server?.stop());

type Json = Record<string, unknown> & { error?: { code: string; message: string; details?: Record<string, unknown> } };

async function call(method: string, path: string, opts: { body?: unknown; headers?: Record<string, string>; auth?: boolean } = {}) {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: {
      ...(opts.auth === false ? {} : { authorization: `Bearer ${token}` }),
      ...(opts.body ? { 'content-type': 'application/json' } : {}),
      ...opts.headers,
    },
    body: opts.body ? JSON.stringify(opts.body) : undefined,
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Json };
}

async function latestPrice(symbol: string): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const { body } = await call('GET', `/prices?symbols=${symbol}`, { auth: false });
    const row = (body.data as { symbol: string; price: string }[] | undefined)?.[0];
    if (row) return row.price;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no price for ${symbol}`);
}

describe('market reads and paper trading over REST', () => {
  it('serves assets, prices and candles publicly with CDN cache headers', async () => {
    const search = await call('GET', '/assets?q=bitcoin&limit=3', { auth: false });
    expect(search.status).toBe(200);
    expect((search.body.data as { symbol: string }[])[0]?.symbol).toBe('BTC');
    expect(search.headers.get('cache-control')).toMatch(/s-maxage=\d+, stale-while-revalidate=\d+/);

    expect(Number(await latestPrice('BTC'))).toBeGreaterThan(0);
    const candles = await call('GET', '/assets/btc/candles?interval=1m&limit=5', { auth: false });
    expect(candles.status).toBe(200);
    expect((candles.body.data as unknown[]).length).toBe(5);
    expect(Object.keys((candles.body.data as object[])[0]!).sort()).toEqual(['c', 'h', 'l', 'o', 't', 'v']);

    const bad = await call('GET', '/assets/BTC/candles?interval=2m&limit=5000', { auth: false });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error!.details!.fieldErrors as object).sort()).toEqual(['interval', 'limit']);
    expect((await call('GET', '/assets/NOPE', { auth: false })).status).toBe(404);
  });

  it('places a market order once per Idempotency-Key and shows the position', async () => {
    await latestPrice('ETH');
    const order = { symbol: 'ETH', side: 'buy', type: 'market', qty: '0.5', timeInForce: 'ioc' };
    const first = await call('POST', '/orders', { body: order, headers: { 'idempotency-key': 'rest-order-1' } });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'filled', filledQty: '0.5' });
    const retry = await call('POST', '/orders', { body: order, headers: { 'idempotency-key': 'rest-order-1' } });
    expect(retry.body.id).toBe(first.body.id);
    const changed = await call('POST', '/orders', { body: { ...order, qty: '1' }, headers: { 'idempotency-key': 'rest-order-1' } });
    expect(changed.status).toBe(409);

    const positions = await call('GET', '/positions');
    expect(positions.body).toMatchObject({ data: [{ symbol: 'ETH' }], nextCursor: null });
    const account = await call('GET', '/account');
    expect(Number(account.body.cash)).toBeLessThan(100_000);
    expect(((await call('GET', '/fills')).body.data as unknown[]).length).toBe(1);
  });

  it('rests a limit order far from the market, then cancels it', async () => {
    const price = Number(await latestPrice('SOL'));
    const limitPrice = (price / 2).toFixed(2);
    const placed = await call('POST', '/orders', { body: { symbol: 'SOL', side: 'buy', type: 'limit', qty: '1', limitPrice, timeInForce: 'gtc' } });
    expect(placed.status).toBe(201);
    expect(placed.body.status).toBe('new');
    const open = await call('GET', '/orders?open=true');
    expect((open.body.data as { id: string }[]).map((o) => o.id)).toContain(placed.body.id);
    const canceled = await call('DELETE', `/orders/${placed.body.id as string}`);
    expect(canceled.body.status).toBe('canceled');
  });

  it('rejects bad orders with 400 field details and insufficient funds with 422', async () => {
    const bad = await call('POST', '/orders', { body: { symbol: 'BTC', side: 'buy', type: 'limit', qty: '1e3' } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error!.details!.fieldErrors as object).sort()).toEqual(['limitPrice', 'qty']);
    await latestPrice('BTC');
    const tooBig = await call('POST', '/orders', { body: { symbol: 'BTC', side: 'buy', type: 'market', qty: '100000', timeInForce: 'ioc' } });
    expect(tooBig.status).toBe(422);
    expect(['INSUFFICIENT_FUNDS', 'RISK_LIMIT']).toContain(tooBig.body.error!.code);
  });
});
