import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '@/server/api/root';
import type { Context } from '@/server/api/trpc';
import { bearerFrom, resolveBearer } from '@/server/auth/bearer';
import { checkingSession, noteSessionCheckFailure } from '@/server/auth/session-check';
import { createTrpcEndpoint } from '@/server/http/trpc-endpoint';
import { createUpstashBus } from '@/server/infra/bus/upstash';
import { createUpstashCache } from '@/server/infra/cache/upstash';
import type { Infra } from '@/server/infra/infra';
import { createUpstashRateLimiter } from '@/server/infra/ratelimit/upstash';
import { createUpstashClient } from '@/server/infra/upstash/client';
import { handleRest } from '@/server/rest/handler';
import { createIngestor } from '@/server/services/market/ingestor';
import { seedAssets } from '@/server/services/market/seed-assets';
import type { SessionUser } from '@/server/api/trpc';
import { isSessionRevoked } from '@/server/services/users/sessions';
import { createTestInfra } from '../support/infra';
import { setLatestPrice } from '../support/trading';

/**
 * What clients see while a dependency is down, through the real REST handler and tRPC endpoint: Redis
 * (cache, bus, rate limits on an Upstash client whose server is gone) or the database (a closed PGlite).
 * Every answer is served (200) or a 503 with Retry-After naming the dependency — never a 500, never a 429.
 */

const quiet = { warn: () => {}, error: () => {} };
type Ports = Pick<Infra, 'db' | 'cache' | 'bus' | 'ratelimit' | 'clock'>;

let healthy: Infra;
let redisDown: Ports;
let dbDown: Infra;
let token: string;
let user: SessionUser;

/** The Node endpoint's context on `ports`: bearer identity resolved there, or `as` given directly. */
const contextOn =
  (ports: Ports, as?: SessionUser) =>
  async (headers: Headers, resHeaders: Headers): Promise<Context> => {
    const bearer = bearerFrom(headers);
    const identity = as
      ? { user: as, session: { sid: crypto.randomUUID(), via: 'bearer' as const, scopes: null } }
      : bearer
        ? await resolveBearer(ports, bearer)
        : null;
    return {
      requestId: `outage-${crypto.randomUUID()}`,
      runtime: 'nodejs',
      db: ports.db,
      cache: ports.cache,
      bus: ports.bus,
      ratelimit: ports.ratelimit,
      clock: ports.clock,
      user: null,
      session: null,
      ...identity,
      clientIp: '203.0.113.50',
      resHeaders,
    };
  };

async function rest(ports: Ports, method: string, path: string, opts: { token?: string; body?: unknown; as?: SessionUser } = {}) {
  const headers = new Headers({ 'content-type': 'application/json' });
  if (opts.token) headers.set('authorization', `Bearer ${opts.token}`);
  const req = new Request(`http://localhost/api/v1${path}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const res = await handleRest(req, path.split('?')[0]!, contextOn(ports, opts.as));
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as { error?: { code: string; details?: Record<string, unknown> } } };
}

function expectUnavailable(answer: Awaited<ReturnType<typeof rest>>, dependency: string, reason: string) {
  expect(answer.status).toBe(503);
  expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
  expect(answer.body.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', details: { dependency, reason } });
}

beforeAll(async () => {
  healthy = await createTestInfra();
  await seedAssets(healthy.db);
  const now = Date.now();
  const ingestor = createIngestor(healthy, { flushMs: 60_000 });
  await ingestor.ingest(Array.from({ length: 30 }, (_, i) => ({ symbol: 'BTC', ts: now - (30 - i) * 60_000, price: '100.00', volume: '1' })));
  await ingestor.stop();
  await setLatestPrice(healthy, 'BTC', '100.00', now);
  const password = 'password-123';
  const registered = await rest(healthy, 'POST', '/auth/register', { body: { email: 'ann@example.test', password, name: 'Ann' } });
  user = (registered.body as unknown as { user: SessionUser }).user;
  token = ((await rest(healthy, 'POST', '/auth/token', { body: { email: 'ann@example.test', password } })).body as unknown as { accessToken: string }).accessToken;

  // Redis gone: a port that was bound and closed.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  const redis = createUpstashClient({ url: `http://127.0.0.1:${port}`, token: 't', log: quiet });
  redisDown = {
    db: healthy.db,
    clock: healthy.clock,
    cache: createUpstashCache(redis, '', quiet),
    bus: createUpstashBus(redis, { log: quiet }),
    ratelimit: createUpstashRateLimiter(redis, '', quiet),
  };

  dbDown = await createTestInfra();
  await dbDown.close();
});
afterAll(async () => {
  (redisDown?.bus as { close?: () => void } | undefined)?.close?.();
  await healthy?.close();
});

describe('Redis down (cache, bus, rate limits)', () => {
  it('GET /me with a bearer token: 503 (revocation cannot be checked), not 401, not 500', async () => {
    expectUnavailable(await rest(redisDown, 'GET', '/me', { token }), 'cache', 'CACHE_UNAVAILABLE');
  });

  it('POST /auth/token and /auth/register: 503 RATE_LIMIT_UNAVAILABLE, not 429', async () => {
    const signIn = await rest(redisDown, 'POST', '/auth/token', { body: { email: 'ann@example.test', password: 'password-123' } });
    expectUnavailable(signIn, 'rate-limit', 'RATE_LIMIT_UNAVAILABLE');
    expect(signIn.body.error?.details).toMatchObject({ policy: 'auth:login-ip' });
    const register = await rest(redisDown, 'POST', '/auth/register', { body: { email: 'bob@example.test', password: 'password-123', name: 'Bob' } });
    expectUnavailable(register, 'rate-limit', 'RATE_LIMIT_UNAVAILABLE');
  });

  it('public reads are served from the database (read limits let through, the cache falls back)', async () => {
    const prices = await rest(redisDown, 'GET', '/prices');
    expect(prices.status).toBe(200);
    const candles = await rest(redisDown, 'GET', '/assets/BTC/candles?interval=1m');
    expect(candles.status).toBe(200);
  });

  it('tRPC: the same 503 with Retry-After on the HTTP response, appCode and dependency in data', async () => {
    const endpoint = createTrpcEndpoint({ endpoint: '/api/trpc/node', router: appRouter, runtime: 'nodejs', createContext: contextOn(redisDown) });
    const res = await endpoint(new Request('http://localhost/api/trpc/node/auth.profile', { headers: { authorization: `Bearer ${token}` } }));
    expect(res.status).toBe(503);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const body = (await res.json()) as { error: { json: { data: Record<string, unknown> } } };
    expect(body.error.json.data).toMatchObject({ code: 'SERVICE_UNAVAILABLE', appCode: 'SERVICE_UNAVAILABLE', reason: 'CACHE_UNAVAILABLE', details: { dependency: 'cache' } });
  });
});

describe('database down (a closed PGlite)', () => {
  it('candles, orders and tasks: 503 DATABASE_UNAVAILABLE, not 500', async () => {
    expectUnavailable(await rest(dbDown, 'GET', '/assets/BTC/candles?interval=1m'), 'database', 'DATABASE_UNAVAILABLE');
    const order = await rest(dbDown, 'POST', '/orders', { as: user, body: { symbol: 'BTC', side: 'buy', type: 'market', qty: '0.5' } });
    expectUnavailable(order, 'database', 'DATABASE_UNAVAILABLE');
    const task = await rest(dbDown, 'POST', '/tasks', { as: user, body: { title: 'Check BTC', dueAt: '2030-01-31' } });
    expectUnavailable(task, 'database', 'DATABASE_UNAVAILABLE');
  });

  it('POST /auth/token: 503 (the password cannot be checked), not 500', async () => {
    const signIn = await rest(dbDown, 'POST', '/auth/token', { body: { email: 'ann@example.test', password: 'password-123' } });
    expectUnavailable(signIn, 'database', 'DATABASE_UNAVAILABLE');
  });
});

describe('cookie sessions: a check that Auth.js swallows still surfaces as the outage', () => {
  it('a dependency failure noted inside the read is thrown by checkingSession; a revoked-or-absent answer is not', async () => {
    // Auth.js's session action catches what its jwt callback throws and answers null; this stands for it.
    const swallowing = async (check: () => Promise<unknown>) => {
      try {
        await check();
        return { user: 'someone' };
      } catch (error) {
        noteSessionCheckFailure(error);
        return null;
      }
    };
    const refused = await checkingSession(() => swallowing(() => isSessionRevoked(redisDown.cache, 'sid'))).catch((e: unknown) => e);
    expect(refused).toMatchObject({ name: 'DependencyError', dependency: 'cache' });
    // Not a dependency: the read's own answer stands (anonymous).
    expect(await checkingSession(() => swallowing(() => Promise.reject(new Error('bad signature'))))).toBeNull();
  });
});
