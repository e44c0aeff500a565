import createClient from 'openapi-fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validate } from '@readme/openapi-parser';
import type { paths } from '../generated/api-v1';
import { CookieBrowser } from '../support/cookie-browser';
import { startServer, type RunningServer } from '../support/server';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => server?.stop());

type ErrorBody = { error: { code: string; message: string; details?: Record<string, unknown> } };

async function call(method: string, path: string, opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: {
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...opts.headers,
    },
    body: opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body),
  });
  const text = await res.text();
  return { res, status: res.status, body: (text ? JSON.parse(text) : null) as Record<string, unknown> & ErrorBody };
}

async function account(email: string) {
  const created = await call('POST', '/auth/register', { body: { email, password: 'password-123', name: email.split('@')[0] } });
  expect(created.status).toBe(201);
  const token = await call('POST', '/auth/token', { body: { email, password: 'password-123' } });
  expect(token.status).toBe(200);
  return { id: (created.body.user as { id: string }).id, token: token.body.accessToken as string };
}

describe('REST /api/v1', () => {
  it('registers (201), refuses a duplicate (409) and bad input (400 with field details), one error shape', async () => {
    await account('rest@example.com');
    const dup = await call('POST', '/auth/register', { body: { email: 'REST@example.com', password: 'password-123', name: 'x' } });
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/already exists/) });

    const bad = await call('POST', '/auth/register', { body: { email: 'nope', password: 'short' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('BAD_REQUEST');
    expect(Object.keys(bad.body.error.details!.fieldErrors as object).sort()).toEqual(['email', 'name', 'password']);
    expect(bad.res.headers.get('x-request-id')).toBeTruthy();
  });

  it('answers /me for a token and 401 without one', async () => {
    const { token } = await account('me@example.com');
    const me = await call('GET', '/me', { token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: 'me@example.com', role: 'user' });
    const anon = await call('GET', '/me');
    expect(anon.status).toBe(401);
    expect(anon.body.error.code).toBe('UNAUTHORIZED');
  });

  it('creates an API key (secret once), uses it on REST and tRPC, and revokes it', async () => {
    const { token } = await account('keys@example.com');
    const created = await call('POST', '/keys', { token, body: { name: 'script', scopes: ['read'] } });
    expect(created.status).toBe(201);
    const secret = created.body.secret as string;
    expect(secret).toMatch(/^pt_/);

    const listed = await call('GET', '/keys', { token });
    expect(JSON.stringify(listed.body)).not.toContain(secret);

    expect((await call('GET', '/me', { token: secret })).body.email).toBe('keys@example.com');
    const trpc = await fetch(`${server.url}/api/trpc/node/auth.me`, { headers: { authorization: `Bearer ${secret}` } });
    expect(trpc.status).toBe(200);

    // A key cannot manage keys.
    expect((await call('GET', '/keys', { token: secret })).status).toBe(403);

    expect((await call('DELETE', `/keys/${created.body.id as string}`, { token })).status).toBe(200);
    const revoked = await call('GET', '/me', { token: secret });
    expect(revoked.status).toBe(401);
  });

  it('lets admins manage users over REST and refuses everyone else', async () => {
    const user = await account('managed@example.com');
    const admin = (await call('POST', '/auth/token', { body: { email: 'admin@primetrade.dev', password: 'admin-password-1' } })).body
      .accessToken as string;
    expect((await call('GET', '/admin/users', { token: user.token })).status).toBe(403);
    expect((await call('GET', '/admin/users')).status).toBe(401);

    const listed = await call('GET', '/admin/users?limit=2', { token: admin });
    expect(listed.status).toBe(200);
    expect((listed.body.data as unknown[]).length).toBe(2);
    expect(listed.body.nextCursor).toEqual(expect.any(String));
    expect((await call('GET', '/admin/users?limit=abc', { token: admin })).status).toBe(400);

    const disabled = await call('PATCH', `/admin/users/${user.id}`, { token: admin, body: { disabled: true } });
    expect(disabled.status).toBe(200);
    expect(disabled.body.disabledAt).toEqual(expect.any(String));
    expect((await call('GET', '/me', { token: user.token })).status).toBe(401);
    expect((await call('PATCH', `/admin/users/${user.id}`, { token: admin, body: {} })).status).toBe(400);
    expect((await call('PATCH', `/admin/users/${crypto.randomUUID()}`, { token: admin, body: { role: 'admin' } })).status).toBe(404);
  });

  it('answers unknown routes, wrong methods, malformed and oversized bodies with clear 4xx', async () => {
    const missing = await call('GET', '/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');

    const wrongMethod = await call('PUT', '/me');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.res.headers.get('allow')).toBe('GET');

    const malformed = await call('POST', '/auth/token', { body: '{"email":' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toMatch(/Malformed JSON/);

    const notJson = await call('POST', '/auth/token', { body: 'email=a', headers: { 'content-type': 'text/plain' } });
    expect(notJson.status).toBe(415);

    const huge = await call('POST', '/auth/token', { body: { email: 'a@b.co', password: 'x'.repeat(1_100_000) } });
    expect(huge.status).toBe(413);
  });

  it('answers values Postgres cannot take (NUL, year 10000, an edited cursor, a stray %) with 4xx, not 500', async () => {
    const nul = await call('GET', '/assets?q=%00');
    expect(nul.status).toBe(400);
    expect(nul.body.error.details).toMatchObject({ fieldErrors: { q: [expect.stringMatching(/NUL/)] } });

    const register = await call('POST', '/auth/register', { body: { email: 'nul@example.test', password: 'password-123', name: 'a\u0000b' } });
    expect(register.status).toBe(400);

    const far = await call('GET', '/assets/BTC/candles?interval=1m&from=9000000000000000');
    expect(far.status).toBe(400);

    const cursor = Buffer.from('o:10000000000000000000').toString('base64');
    expect((await call('GET', `/assets?cursor=${encodeURIComponent(cursor)}`)).status).toBe(400);

    // A path parameter is decoded once: "%25" is the symbol "%", an unknown (badly formed) symbol.
    const percent = await call('GET', '/assets/%25');
    expect(percent.status).toBe(400);
    expect((await call('GET', '/assets/%2542TC')).status).toBe(400);
    await account('percent@example.com');
    const browser = new CookieBrowser(server.url);
    await browser.signIn('percent@example.com', 'password-123');
    expect((await browser.fetch('/assets/%25')).status).toBe(404);
    expect((await browser.fetch('/assets/%2542TC')).status).toBe(404);
    expect((await browser.fetch('/assets/btc')).status).toBe(200);
  });

  it('answers a path whose percent-encoding does not decode with the JSON error envelope, not an HTML page', async () => {
    for (const [method, path] of [['GET', '/orders/%ED%A0%80'], ['DELETE', '/orders/%ED%A0%80'], ['GET', '/assets/%E0%A4%A'], ['GET', '/%FF']]) {
      const r = await call(method!, path!, { headers: { 'x-request-id': 'undecodable-path-1' } });
      expect(r.status, `${method} ${path}`).toBe(400);
      expect(r.res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(r.body.error).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/percent-encoded/) });
      expect(r.res.headers.get('x-request-id')).toBe('undecodable-path-1');
    }
  });

  it('throttles 20 quick wrong logins with 429 + Retry-After, without affecting another account and IP', async () => {
    await account('target@example.com');
    await account('bystander@example.com');
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof call>> | undefined;
    for (let i = 0; i < 20; i++) {
      const r = await call('POST', '/auth/token', {
        body: { email: 'target@example.com', password: 'wrong-pass-1' },
        headers: { 'x-forwarded-for': '198.51.100.7' },
      });
      statuses.push(r.status);
      if (r.status === 429) limited = r;
    }
    // 10 attempts a minute per account; the sign-in in account() above was the first.
    expect(statuses).toEqual([...Array(9).fill(401), ...Array(11).fill(429)]);
    expect(Number(limited!.res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited!.body.error.code).toBe('RATE_LIMITED');

    const other = await call('POST', '/auth/token', {
      body: { email: 'bystander@example.com', password: 'password-123' },
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    expect(other.status).toBe(200);
  });

  it('reports rate-limit figures on ordinary responses', async () => {
    const { token } = await account('figures@example.com');
    const me = await call('GET', '/me', { token });
    expect(Number(me.res.headers.get('x-ratelimit-limit'))).toBeGreaterThan(0);
    expect(Number(me.res.headers.get('x-ratelimit-remaining'))).toBeGreaterThanOrEqual(0);
    expect(Number(me.res.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000 - 1);
  });
});

describe('OpenAPI, docs, metrics, headers', () => {
  it('serves a valid OpenAPI document that a generated client can use', async () => {
    const doc = await (await fetch(`${server.url}/api/v1/openapi.json`)).json();
    expect((await validate(doc)).valid).toBe(true);

    const { token } = await account('generated@example.com');
    const api = createClient<paths>({ baseUrl: server.url, headers: { authorization: `Bearer ${token}` } });
    await api.POST('/api/v1/keys', { body: { name: 'from generated client', scopes: ['read'] } });
    const { data, response } = await api.GET('/api/v1/keys');
    expect(response.status).toBe(200);
    expect(JSON.stringify(data)).toContain('from generated client');
  });

  it('renders /docs from the same document', async () => {
    const page = await fetch(`${server.url}/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('/api/v1/auth/token');
    expect(html).toContain('/api/v1/keys/{id}');
  });

  it('protects /api/metrics and serves Prometheus text to admins', async () => {
    expect((await fetch(`${server.url}/api/metrics`)).status).toBe(401);
    const { token } = await account('not-admin@example.com');
    expect((await fetch(`${server.url}/api/metrics`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(403);
    const admin = (await call('POST', '/auth/token', { body: { email: 'admin@primetrade.dev', password: 'admin-password-1' } })).body
      .accessToken as string;
    const res = await fetch(`${server.url}/api/metrics`, { headers: { authorization: `Bearer ${admin}` } });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/primetrade_http_requests_total\{route="\/api\/v1\/me",method="GET",status="200"\} \d+/);
    expect(text).toContain('primetrade_http_request_duration_seconds_bucket');
    expect(text).toMatch(/primetrade_cache_lookups_total\{family="user",result="(hit|miss)"\} \d+/);
    expect(text).toMatch(/primetrade_sse_connections\{stream="prices"\} \d+/);
  });

  it('sends security headers on pages', async () => {
    const res = await fetch(`${server.url}/sign-in`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(res.headers.get('strict-transport-security')).toContain('max-age=');
  });
});
