import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '@/server/api/root';
import type { Context } from '@/server/api/trpc';
import type { SessionUser } from '@/server/api/trpc';
import { createTrpcEndpoint } from '@/server/http/trpc-endpoint';
import type { Infra } from '@/server/infra/infra';
import { createTestInfra } from '../support/infra';
import { insertAsset, insertUser } from '../support/trading';

let infra: Infra;
let trader: SessionUser;
beforeAll(async () => {
  infra = await createTestInfra();
  await insertAsset(infra, 'BTC');
  trader = await insertUser(infra);
});
afterAll(() => infra.close());

const endpoint = (user: SessionUser | null) =>
  createTrpcEndpoint({
    endpoint: '/api/trpc/node',
    router: appRouter,
    runtime: 'nodejs',
    createContext: (headers, resHeaders): Context => ({
      requestId: headers.get('x-request-id')!, runtime: 'nodejs', db: infra.db, cache: infra.cache, bus: infra.bus,
      ratelimit: infra.ratelimit, clock: infra.clock, user,
      session: user ? { sid: crypto.randomUUID(), via: 'bearer', scopes: null } : null, clientIp: '203.0.113.6', resHeaders,
    }),
  });

const batch = (paths: string[], inputs: unknown[]) =>
  new Request(
    `http://localhost/api/trpc/node/${paths.join(',')}?batch=1&input=${encodeURIComponent(JSON.stringify(Object.fromEntries(inputs.map((json, i) => [i, { json }]))))}`,
  );

describe('HTTP caching of tRPC answers', () => {
  it('a batch that holds the caller’s own orders is never stored, though a public read in it is cacheable', async () => {
    const res = await endpoint(trader)(batch(['market.candles', 'trading.orders'], [{ symbol: 'BTC', interval: '1m', limit: 10 }, { symbol: 'BTC', open: true, limit: 50 }]));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
  });

  it('a signed-out public read stays CDN-cacheable', async () => {
    const res = await endpoint(null)(batch(['market.candles'], [{ symbol: 'BTC', interval: '1m', limit: 10 }]));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/^public, s-maxage=\d+/);
  });
});
