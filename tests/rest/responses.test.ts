import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Infra } from '@/server/infra/infra';
import { handleRest } from '@/server/rest/handler';
import { buildOpenApiDocument } from '@/server/rest/openapi';
import { operations } from '@/server/rest/operations';
import { createIngestor } from '@/server/services/market/ingestor';
import { seedAssets } from '@/server/services/market/seed-assets';
import { startTokenRefresh, type TokenRefresh } from '@/server/services/tokens/start-token-refresh';
import { createNotification } from '@/server/services/notifications/notifications';
import { restContext } from '../support/caller';
import { createTestInfra } from '../support/infra';
import { drainJobs } from '../support/jobs';
import { setLatestPrice } from '../support/trading';
import { passwordResetTokens } from '@/db/schema';
import { hashToken } from '@/server/services/security/hash-token';
import { totpCode } from '@/server/services/security/totp';

/**
 * Every REST operation, called through the REST handler on a test infra, answers a body that the OpenAPI
 * document's schema for that operation and status accepts — the document is what outside clients generate
 * their types from, so a field it leaves out or mistypes is a client bug.
 */

type Json = Record<string, unknown>;
type Doc = { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: Json }> }> }>> };

const doc = buildOpenApiDocument() as Doc;
let infra: Infra;
let tokens: TokenRefresh;
const called = new Set<string>();

/** The context the Node route builds, on this test's infra (`infra` is set in beforeAll). */
const createContext = (headers: Headers, resHeaders: Headers) => restContext(infra, { ip: '203.0.113.77' })(headers, resHeaders);

/**
 * Calls `method template` (path parameters filled from `params`), checks the status is the documented
 * success status, and validates the JSON body against the document's schema for it.
 */
async function call(
  method: string,
  template: string,
  opts: { token?: string; params?: Record<string, string>; query?: string; body?: unknown; raw?: { type: string; text: string }; headers?: Record<string, string> } = {},
  // The answer's shape is what the schema check below verifies; the test then reads a few fields of it.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): Promise<any> {
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(opts.params![name]!));
  const headers = new Headers(opts.headers);
  if (opts.token) headers.set('authorization', `Bearer ${opts.token}`);
  let body: string | undefined;
  if (opts.raw) {
    headers.set('content-type', opts.raw.type);
    body = opts.raw.text;
  } else if (opts.body !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(opts.body);
  }
  const url = `http://localhost/api/v1${path}${opts.query ? `?${opts.query}` : ''}`;
  const res = await handleRest(new Request(url, { method, headers, body }), path, createContext);
  const json: unknown = await res.json();
  const op = operations.find((o) => o.method === method && o.path === template);
  expect(op, `${method} ${template} is an operation`).toBeDefined();
  expect(res.status, `${method} ${template}: ${JSON.stringify(json)}`).toBe(op!.status ?? 200);
  const schema = doc.paths[`/api/v1${template}`]![method.toLowerCase()]!.responses[String(res.status)]!.content!['application/json']!.schema;
  const result = z.fromJSONSchema(schema as never).safeParse(json);
  expect(result.success, `${method} ${template} answer fits its documented schema: ${result.error?.message}\n${JSON.stringify(json)}`).toBe(true);
  called.add(`${method} ${template}`);
  return json;
}

beforeAll(async () => {
  infra = await createTestInfra();
  await seedAssets(infra.db);
  const now = Date.now();
  const ingestor = createIngestor(infra, { flushMs: 60_000 });
  // 300 minutes of BTC (enough for a forecast and a backtest), ending at 104.00 a minute ago.
  const MINUTES = 300;
  const price = (i: number) => (i === MINUTES - 1 ? '104.00' : (100 + 3 * Math.sin(i / 7) + (i % 5) / 10).toFixed(2));
  await ingestor.ingest(Array.from({ length: MINUTES }, (_, i) => ({ symbol: 'BTC', ts: now - (MINUTES - i) * 60_000, price: price(i), volume: '1' })));
  await ingestor.stop();
  await setLatestPrice(infra, 'BTC', '104.00', now);
  // The token aggregator's `sim` set: the real adapters against the built-in fake upstreams.
  tokens = await startTokenRefresh(infra, { sim: true, refreshMs: 60_000, names: ['dexscreener', 'geckoterminal', 'jupiter'] });
  await tokens.settled();
});
afterAll(async () => {
  await tokens?.stop();
  await infra.close();
});

const now = () => Date.now();

describe('REST answers', () => {
  it('every operation answers what the OpenAPI document says', async () => {
    // The first account on an empty database is the admin.
    const password = 'password-123';
    await call('POST', '/auth/register', { body: { email: 'root@example.test', password, name: 'Root' } });
    const { user: alice } = await call('POST', '/auth/register', { body: { email: 'alice@example.test', password, name: 'Alice' } });
    const admin = (await call('POST', '/auth/token', { body: { email: 'root@example.test', password } })).accessToken as string;
    const token = (await call('POST', '/auth/token', { body: { email: 'alice@example.test', password } })).accessToken as string;
    expect(await call('GET', '/me', { token })).toMatchObject({ email: 'alice@example.test', role: 'user' });

    // Keys
    const key = await call('POST', '/keys', { token, body: { name: 'script', scopes: ['read'] } });
    expect((await call('GET', '/keys', { token, query: 'limit=10' })).data).toHaveLength(1);
    expect(await call('DELETE', '/keys/{id}', { token, params: { id: key.id } })).toMatchObject({ id: key.id });

    // Market data
    const assets = await call('GET', '/assets', { query: 'kind=crypto&limit=3' });
    expect(assets.data).toHaveLength(3);
    await call('GET', '/assets', { query: `kind=crypto&limit=3&cursor=${assets.nextCursor}` });
    await call('GET', '/assets', { query: 'q=bitcoin' });
    expect(await call('GET', '/assets/{symbol}', { params: { symbol: 'btc' } })).toMatchObject({ symbol: 'BTC' });
    expect((await call('GET', '/prices', { query: 'symbols=BTC' })).data[0]).toMatchObject({ symbol: 'BTC', price: '104.00' });
    expect((await call('GET', '/assets/{symbol}/candles', { params: { symbol: 'BTC' }, query: 'interval=1m' })).data.length).toBeGreaterThan(0);
    const forecast = await call('GET', '/assets/{symbol}/forecast', { params: { symbol: 'BTC' }, query: 'interval=1m&horizon=5' });
    expect(forecast.points).toHaveLength(5);

    // Token aggregator
    const tokenPage = await call('GET', '/tokens', { query: 'sort=liquidity&order=desc&limit=3' });
    expect(tokenPage.data).toHaveLength(3);
    const [first] = tokenPage.data as { chain: string; address: string }[];
    expect(await call('GET', '/tokens/{chain}/{address}', { params: { chain: first!.chain, address: first!.address } })).toMatchObject({ address: first!.address });
    expect((await call('GET', '/tokens/sources')).data).toHaveLength(3);

    // Watchlist
    await call('POST', '/watchlist', { token, body: { symbol: 'btc' } });
    expect((await call('GET', '/watchlist', { token })).data).toMatchObject([{ symbol: 'BTC', price: '104.00' }]);
    await call('DELETE', '/watchlist/{symbol}', { token, params: { symbol: 'BTC' } });

    // Alerts and notifications
    const alert = await call('POST', '/alerts', { token, body: { symbol: 'btc', condition: 'enters_channel', lower: '90', upper: '110', note: 'range' } });
    expect((await call('GET', '/alerts', { token, query: 'status=active&limit=5' })).data).toMatchObject([{ id: alert.id, lower: '90' }]);
    await call('GET', '/alerts/{id}', { token, params: { id: alert.id } });
    expect((await call('GET', '/alerts/{id}/fires', { token, params: { id: alert.id }, query: 'limit=5' })).data).toEqual([]);
    expect(await call('PATCH', '/alerts/{id}', { token, params: { id: alert.id }, body: { status: 'paused' } })).toMatchObject({ status: 'paused' });
    await call('DELETE', '/alerts/{id}', { token, params: { id: alert.id } });
    await call('GET', '/notifications', { token, query: 'unreadOnly=true&limit=5' });
    expect(await call('GET', '/notifications/unread-count', { token })).toEqual({ unread: 0 });
    expect(await call('POST', '/notifications/read', { token, body: { all: true } })).toEqual({ updated: 0, unread: 0 });
    const me = await call('GET', '/me', { token });
    const told = (await createNotification(infra, { userId: me.id, kind: 'system', title: 'Welcome' }))!;
    expect((await call('GET', '/notifications', { token })).data).toMatchObject([{ id: told.id, title: 'Welcome', readAt: null }]);
    await call('DELETE', '/notifications/{id}', { token, params: { id: told.id } });
    const hook = await call('POST', '/webhooks', { token, body: { url: 'http://127.0.0.1:9/hooks', events: ['alert.triggered'] } });
    expect(hook.secret).toMatch(/^whsec_/);
    expect((await call('GET', '/webhooks', { token })).data).toMatchObject([{ id: hook.id, events: ['alert.triggered'] }]);
    await call('PATCH', '/webhooks/{id}', { token, params: { id: hook.id }, body: { description: 'my bot' } });
    expect(await call('POST', '/webhooks/{id}/test', { token, params: { id: hook.id } })).toMatchObject({ messageId: expect.stringMatching(/^msg_/) });
    await call('GET', '/webhooks/{id}/deliveries', { token, params: { id: hook.id } });
    await call('DELETE', '/webhooks/{id}', { token, params: { id: hook.id } });

    // Tasks and jobs
    const task = await call('POST', '/tasks', { token, body: { title: 'Check BTC', assetSymbol: 'btc', dueAt: '2030-01-31' } });
    await call('GET', '/tasks', { token, query: 'sort=dueAt&dir=asc&limit=5' });
    await call('GET', '/tasks/{id}', { token, params: { id: task.id } });
    await call('PATCH', '/tasks/{id}', { token, params: { id: task.id }, body: { status: 'done', dueAt: null } });
    await call('DELETE', '/tasks/{id}', { token, params: { id: task.id } });
    const { jobId } = await call('POST', '/tasks/import', { token, raw: { type: 'text/csv', text: 'title,due_at\nfine,2030-01-01\nancient,0000-01-01\n' } });
    await drainJobs(infra);
    expect(await call('GET', '/jobs/{id}', { token, params: { id: jobId } })).toMatchObject({ status: 'succeeded', errorCount: 1 });
    expect((await call('GET', '/jobs', { token })).data).toHaveLength(1);
    const queued = await call('POST', '/tasks/import', { token, raw: { type: 'text/csv', text: 'title\nlater\n' } });
    expect(await call('DELETE', '/jobs/{id}', { token, params: { id: queued.jobId } })).toMatchObject({ status: 'canceled' });

    // Paper trading
    await call('GET', '/account', { token });
    const bought = await call('POST', '/orders', { token, body: { symbol: 'BTC', side: 'buy', type: 'market', qty: '0.5' }, headers: { 'idempotency-key': 'buy-1' } });
    // One time-in-force default on every door: a market order names none and is ioc, as on the ticket.
    expect(bought).toMatchObject({ status: 'filled', timeInForce: 'ioc' });
    const resting = await call('POST', '/orders', { token, body: { symbol: 'BTC', side: 'buy', type: 'limit', qty: '0.1', limitPrice: '50' } });
    expect(resting.timeInForce).toBe('gtc');
    await call('GET', '/orders/{orderId}', { token, params: { orderId: resting.id } });
    await call('DELETE', '/orders/{orderId}', { token, params: { orderId: resting.id } });
    expect((await call('GET', '/orders', { token, query: 'status=filled,canceled&symbol=btc' })).data).toHaveLength(2);
    expect(await call('GET', '/positions', { token })).toMatchObject({ data: [{ symbol: 'BTC', qty: '0.5' }], nextCursor: null });
    expect((await call('GET', '/fills', { token })).data).toHaveLength(1);
    await call('GET', '/account/history', { token, query: 'from=2020-01-01T00:00:00Z&limit=10' });
    await call('POST', '/account/reset', { token, body: { confirm: 'RESET' } });

    // Backtests and bots
    const range = { symbol: 'BTC', interval: '1m', from: new Date(now() - 290 * 60_000).toISOString(), to: new Date(now() - 60_000).toISOString() };
    const single = await call('POST', '/backtests', { token, body: { strategy: 'sma_cross', params: { fast: 5, slow: 20 }, ...range } });
    const sweep = await call('POST', '/backtests/sweeps', { token, body: { strategy: 'sma_cross', grid: { fast: [3, 5], slow: [20] }, rankBy: 'totalReturn', ...range } });
    await drainJobs(infra);
    expect(await call('GET', '/backtests/{id}', { token, params: { id: single.id } })).toMatchObject({ status: 'succeeded' });
    expect((await call('GET', '/backtests', { token })).data).toHaveLength(2);
    const queuedRun = await call('POST', '/backtests', { token, body: { strategy: 'rsi', params: { period: 14, buyBelow: 30, sellAbove: 70 }, ...range } });
    expect(await call('POST', '/backtests/{id}/cancel', { token, params: { id: queuedRun.id } })).toMatchObject({ status: 'canceled' });
    expect(sweep.id).toBeDefined();
    const bot = await call('POST', '/bots', { token, body: { name: 'trend', strategy: 'sma_cross', params: { fast: 5, slow: 20 }, symbol: 'BTC', interval: '1m', budget: '1000' } });
    expect((await call('GET', '/bots', { token })).data).toHaveLength(1);
    await call('GET', '/bots/{id}', { token, params: { id: bot.id } });
    await call('PATCH', '/bots/{id}', { token, params: { id: bot.id }, body: { name: 'trend follower' } });
    expect(await call('POST', '/bots/{id}/start', { token, params: { id: bot.id } })).toMatchObject({ status: 'running' });
    expect(await call('POST', '/bots/{id}/pause', { token, params: { id: bot.id } })).toMatchObject({ status: 'paused' });
    expect(await call('POST', '/bots/{id}/stop', { token, params: { id: bot.id } })).toMatchObject({ status: 'stopped' });
    await call('GET', '/bots/{id}/log', { token, params: { id: bot.id } });
    expect(await call('DELETE', '/bots/{id}', { token, params: { id: bot.id } })).toEqual({ id: bot.id });

    // Account security, on an account of its own (a password change signs out its other sessions)
    const { user: sec } = await call('POST', '/auth/register', { body: { email: 'sec@example.test', password, name: 'Sec' } });
    const secToken = (await call('POST', '/auth/token', { body: { email: 'sec@example.test', password } })).accessToken as string;
    const setup = await call('POST', '/me/2fa/setup', { token: secToken });
    await call('POST', '/me/2fa/enable', { token: secToken, body: { code: totpCode(setup.secret, Date.now()) } });
    await call('POST', '/me/2fa/disable', { token: secToken, body: { password } });
    await call('POST', '/auth/token', { body: { email: 'sec@example.test', password } });
    const sessions = await call('GET', '/me/sessions', { token: secToken });
    const other = sessions.data.find((s: { current: boolean }) => !s.current);
    await call('DELETE', '/me/sessions/{sessionId}', { token: secToken, params: { sessionId: other.id } });
    await call('POST', '/me/sessions/revoke-others', { token: secToken });
    await call('POST', '/me/password', { token: secToken, body: { currentPassword: password, newPassword: 'password-456' } });
    await call('POST', '/auth/password-reset', { body: { email: 'sec@example.test' } });
    await infra.db.insert(passwordResetTokens).values({ tokenHash: hashToken('a-reset-token-from-the-email-link'), userId: sec.id, expiresAt: new Date(Date.now() + 60_000) });
    await call('POST', '/auth/password-reset/confirm', { body: { token: 'a-reset-token-from-the-email-link', password: 'password-789' } });

    // Admin
    const users = await call('GET', '/admin/users', { token: admin, query: 'q=%20alice%20&limit=5' });
    expect(users.data.map((u: { email: string }) => u.email)).toEqual(['alice@example.test']);
    await call('PATCH', '/admin/users/{userId}', { token: admin, params: { userId: alice.id }, body: { role: 'user', disabled: false, plan: 'pro' } });
    await call('POST', '/admin/halts', { token: admin, body: { symbol: 'eth', reason: 'maintenance', durationMinutes: 5 } });
    expect((await call('GET', '/admin/halts', { token: admin })).data).toMatchObject([{ symbol: 'ETH', source: 'manual' }]);
    await call('DELETE', '/admin/halts/{symbol}', { token: admin, params: { symbol: 'ETH' } });
    expect((await call('GET', '/admin/audit', { token: admin, query: 'limit=50' })).data.length).toBeGreaterThan(0);
    await call('GET', '/admin/stats', { token: admin });
    expect(await call('GET', '/admin/security-policy', { token: admin })).toEqual({ requireAdminTwoFactor: false });
    await call('PATCH', '/admin/security-policy', { token: admin, body: { requireAdminTwoFactor: false } });

    expect([...called].sort()).toEqual(operations.map((o) => `${o.method} ${o.path}`).sort());
  });

  it('a REST list cursor is refused by another list, as a 400 naming the field', async () => {
    const first = await handleRest(new Request('http://localhost/api/v1/assets?limit=1'), '/assets', createContext);
    const { nextCursor } = (await first.json()) as { nextCursor: string };
    // The admin registered by the test above.
    const password = 'password-123';
    const root = await handleRest(
      new Request('http://localhost/api/v1/auth/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'root@example.test', password }) }),
      '/auth/token',
      createContext,
    );
    const { accessToken } = (await root.json()) as { accessToken: string };
    const refused = await handleRest(
      new Request(`http://localhost/api/v1/admin/users?cursor=${nextCursor}`, { headers: { authorization: `Bearer ${accessToken}` } }),
      '/admin/users',
      createContext,
    );
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { code: 'BAD_REQUEST', details: { reason: 'INVALID_CURSOR', fieldErrors: { cursor: ['The cursor belongs to another list'] } } } });
  });
});

describe('generated client types', () => {
  it('give every success answer a type (no `unknown`)', async () => {
    const { generateOpenApiTypes } = await import('../../scripts/generate-openapi-types');
    const source = await generateOpenApiTypes();
    // Each operation's responses: the success entry's content must not be `unknown`.
    const successes = [...source.matchAll(/\n {12}(2\d\d): \{[\s\S]*?\n {12}\};/g)].map((m) => m[0]);
    expect(successes).toHaveLength(operations.length);
    for (const block of successes) expect(block).not.toMatch(/"application\/json": unknown/);
  });
});
