import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldErrorsFrom } from '@/components/forms/field-errors';
import { createPrimeTradeClient, isPrimeTradeError } from '@/server/client';
import { CookieBrowser } from '../support/cookie-browser';
import { startServer, type RunningServer } from '../support/server';

let server: RunningServer;
const CRON_SECRET = `cron-${crypto.randomUUID()}`;
beforeAll(async () => {
  server = await startServer({ env: { CRON_SECRET } });
});
afterAll(async () => server?.stop());

const json = { 'content-type': 'application/json' };

/** The cookie jar of tests/support, plus the tRPC `auth.me` answer with its body. */
class Browser extends CookieBrowser {
  async me() {
    const res = await this.fetch('/api/trpc/node/auth.me');
    return { status: res.status, body: (await res.json()) as { result?: { data: { json: { email: string } } } } };
  }
}

const sessionCookie = (b: Browser) => [...b.cookies.keys()].find((k) => k.includes('authjs.session-token'));

describe('ops endpoints', () => {
  it('runs the maintenance pass for the cron secret only', async () => {
    const cron = (secret?: string) =>
      fetch(`${server.url}/api/cron/maintenance`, { headers: secret ? { authorization: `Bearer ${secret}` } : {} });
    for (const refused of [await cron(), await cron('not-the-secret-at-all')]) {
      expect(refused.status).toBe(401);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
    }
    const ok = await cron(CRON_SECRET);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ ticksPruned: expect.any(Number), dayOrdersExpired: 0, equitySnapshots: 0, ms: expect.any(Number) });
  });

  it('answers /api/health and /api/ready with checks and latencies', async () => {
    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(200);
    expect(health.headers.get('x-request-id')).toBeTruthy();
    expect(await health.json()).toMatchObject({ status: 'ok' });

    const ready = await fetch(`${server.url}/api/ready`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { checks: { db: { ok: boolean; latencyMs: number; driver: string }; cache: { ok: boolean } } };
    expect(body.checks.db).toMatchObject({ ok: true, driver: 'pglite' });
    expect(body.checks.db.latencyMs).toBeGreaterThanOrEqual(0);
    expect(body.checks.cache.ok).toBe(true);
  });

  it('prints the demo credentials on start', () => {
    expect(server.output()).toContain('admin@primetrade.dev / admin-password-1');
    expect(server.output()).toContain('demo@primetrade.dev / demo-password-1');
  });
});

describe('typed client over HTTP', () => {
  it('registers, gets a token and reads me', async () => {
    const anon = createPrimeTradeClient({ url: server.url });
    const { user } = await anon.auth.register.mutate({ email: 'typed@example.com', password: 'password-123', name: 'Typed' });
    expect(user.role).toBe('user'); // the seeded demo admin came first
    const { accessToken, tokenType, expiresIn } = await anon.auth.token.mutate({ email: 'typed@example.com', password: 'password-123' });
    expect(tokenType).toBe('Bearer');
    expect(expiresIn).toBeGreaterThan(0);
    const me = await createPrimeTradeClient({ url: server.url, token: accessToken }).auth.me.query();
    expect(me).toEqual(user);
  });

  it('reports field errors for bad input as BAD_REQUEST', async () => {
    const anon = createPrimeTradeClient({ url: server.url });
    const error = await anon.auth.register.mutate({ email: 'x', password: 'y', name: 'z' }).catch((e: unknown) => e);
    expect(isPrimeTradeError(error)).toBe(true);
    if (!isPrimeTradeError(error)) return;
    expect(error.data?.httpStatus).toBe(400);
    expect(Object.keys(fieldErrorsFrom(error)).sort()).toEqual(['email', 'password']);
  });

  it('serves the public router from the edge endpoint when asked to', async () => {
    const res = await fetch(`${server.url}/api/trpc/edge/market.ping`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-primetrade-runtime')).toBe('edge');
    const viaClient = await createPrimeTradeClient({ url: server.url, edge: true }).market.ping.query();
    expect(viaClient.runtime).toBe('edge');
  });

  it('drives the CLI: npm run cli -- me', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['node_modules/tsx/dist/cli.mjs', 'scripts/cli.ts', 'me', '--email', 'demo@primetrade.dev', '--password', 'demo-password-1'],
      { env: { ...process.env, PRIMETRADE_URL: server.url } },
    );
    expect(JSON.parse(stdout)).toMatchObject({ email: 'demo@primetrade.dev', role: 'user' });
  });
});

describe('browser session (Auth.js credentials)', () => {
  it('signs in, reads me, signs out — and the old cookie is refused server-side', async () => {
    const browser = new Browser(server.url);
    await createPrimeTradeClient({ url: server.url }).auth.register.mutate({
      email: 'cookie@example.com',
      password: 'password-123',
      name: 'Cookie',
    });
    const signIn = await browser.signIn('cookie@example.com', 'password-123');
    expect(signIn.status).toBeLessThan(400);
    const cookieName = sessionCookie(browser);
    expect(cookieName).toBeTruthy();
    const stolen = browser.cookies.get(cookieName!)!;

    const me = await browser.me();
    expect(me.status).toBe(200);
    expect(me.body.result?.data.json.email).toBe('cookie@example.com');

    await browser.signOut();
    expect(sessionCookie(browser)).toBeUndefined();

    // Replaying the old cookie must not work: the session id was revoked on sign-out.
    const replay = new Browser(server.url);
    replay.cookies.set(cookieName!, stolen);
    expect((await replay.me()).status).toBe(401);
  });

  it('refuses a wrong password', async () => {
    const browser = new Browser(server.url);
    await browser.signIn('demo@primetrade.dev', 'not-the-password-1');
    expect(sessionCookie(browser)).toBeUndefined();
    expect((await browser.me()).status).toBe(401);
  });

  it('cuts a disabled user’s live session on the next request and refuses their next sign-in', async () => {
    const anon = createPrimeTradeClient({ url: server.url });
    const { user } = await anon.auth.register.mutate({ email: 'victim@example.com', password: 'password-123', name: 'V' });
    const browser = new Browser(server.url);
    await browser.signIn('victim@example.com', 'password-123');
    expect((await browser.me()).status).toBe(200);

    const { accessToken } = await anon.auth.token.mutate({ email: 'admin@primetrade.dev', password: 'admin-password-1' });
    const admin = createPrimeTradeClient({ url: server.url, token: accessToken });
    await admin.admin.users.setDisabled.mutate({ userId: user.id, disabled: true });

    expect((await browser.me()).status).toBe(401);
    const again = new Browser(server.url);
    await again.signIn('victim@example.com', 'password-123');
    expect(sessionCookie(again)).toBeUndefined();
  });

  it('renders the dashboard for a signed-in user and redirects anonymous visitors', async () => {
    const anonymous = await fetch(`${server.url}/dashboard`, { redirect: 'manual' });
    expect([303, 307, 308]).toContain(anonymous.status);
    expect(anonymous.headers.get('location')).toContain('/sign-in');

    const browser = new Browser(server.url);
    await browser.signIn('demo@primetrade.dev', 'demo-password-1');
    const page = await browser.fetch('/dashboard');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('demo@primetrade.dev');
  });
});

describe('bad input never gives a 500', () => {
  const node = () => `${server.url}/api/trpc/node`;

  it('answers malformed JSON with 400 and the error shape', async () => {
    const res = await fetch(`${node()}/auth.register`, { method: 'POST', headers: json, body: '{"json":' });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-request-id')).toBeTruthy();
    const body = (await res.json()) as { error: { json: { data: { code: string; requestId: string } } } };
    expect(body.error.json.data.code).toBe('BAD_REQUEST');
    expect(body.error.json.data.requestId).toBe(res.headers.get('x-request-id'));
  });

  it('answers an oversized body with 413, declared or chunked', async () => {
    const big = JSON.stringify({ json: { email: 'a@b.co', password: 'x'.repeat(2_000_000), name: 'n' } });
    const declared = await fetch(`${node()}/auth.register`, { method: 'POST', headers: json, body: big });
    expect(declared.status).toBe(413);
    const stream = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode(big));
        c.close();
      },
    });
    const chunked = await fetch(`${node()}/auth.register`, {
      method: 'POST',
      headers: json,
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
  });

  it('answers an unknown procedure with 404 and a wrong method with 405', async () => {
    expect((await fetch(`${node()}/auth.nope`)).status).toBe(404);
    expect((await fetch(`${node()}/auth.register`)).status).toBe(405); // a mutation over GET
    expect((await fetch(`${node()}/auth.me`, { method: 'PUT' })).status).toBe(405);
    expect((await fetch(`${node()}/auth.register`, { method: 'POST', headers: json, body: '[1,2' })).status).toBe(400);
  });
});

describe('durability', () => {
  it('keeps an account across a restart on the same data directory', async () => {
    const anon = createPrimeTradeClient({ url: server.url });
    await anon.auth.register.mutate({ email: 'durable@example.com', password: 'password-123', name: 'Durable' });
    await server.stop();
    server = await startServer({ dataDir: server.dataDir, env: { CRON_SECRET } });
    const { accessToken } = await createPrimeTradeClient({ url: server.url }).auth.token.mutate({
      email: 'durable@example.com',
      password: 'password-123',
    });
    const me = await createPrimeTradeClient({ url: server.url, token: accessToken }).auth.me.query();
    expect(me.email).toBe('durable@example.com');
  });
});
