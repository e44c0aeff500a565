import { spawn, type ChildProcess } from 'node:child_process';
import { EventSource } from 'eventsource';
import pg from 'pg';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNeonBridge, type NeonBridge } from '../../scripts/bridges/neon';
import { startUpstashBridge, type UpstashBridge } from '../../scripts/bridges/upstash-rest';
import { CookieBrowser } from '../support/cookie-browser';
import { announceSkip, services } from '../support/services';
import { startServer, type RunningServer } from '../support/server';

// Two `next start` processes in the cloud profile sharing one Postgres (through the Neon bridge) and one
// Redis (through the Upstash REST bridge): what one instance does, the other sees.
announceSkip('postgres', 'two cloud instances');
announceSkip('redis', 'two cloud instances');
describe.skipIf(!services.postgres || !services.redis)('two cloud-profile instances', () => {
  const run = crypto.randomUUID().slice(0, 8);
  const dbName = `pt_e2e_${run}`;
  let neon: NeonBridge;
  let upstash: UpstashBridge;
  let a: RunningServer;
  let b: RunningServer;
  let worker: ChildProcess | undefined;
  let workerLog = '';
  let standby: ChildProcess | undefined;
  let standbyLog = '';
  let env: Record<string, string> = {};
  // Short leases, so a dead worker's engine moves within seconds.
  const LEASE_TTL_MS = 3_000;

  /**
   * `npm run worker` with this deployment's variables; its log lines land in `onLog`. In its own process
   * group: tsx runs the script in a child process, and a SIGKILL must reach that one too.
   */
  function spawnWorker(onLog: (d: string) => void): ChildProcess {
    const child = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', '--conditions=react-server', 'scripts/worker.ts'], {
      env: { ...process.env, ...env, MARKET_BACKFILL_DAYS: '1', LOG_LEVEL: 'info', SINGLETON_LEASE_TTL_MS: String(LEASE_TTL_MS) },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    child.stdout!.on('data', (d) => onLog(String(d)));
    child.stderr!.on('data', (d) => onLog(String(d)));
    return child;
  }

  async function waitFor(what: () => boolean, child: ChildProcess, log: () => string, timeoutMs = 120_000) {
    const started = Date.now();
    while (!what()) {
      if (child.exitCode !== null || Date.now() - started > timeoutMs) throw new Error(`worker: condition not met:\n${log().slice(-4000)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Signals the worker's whole process group (tsx and the script it runs). */
  const signalGroup = (child: ChildProcess, signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };

  async function stopChild(child: ChildProcess | undefined) {
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    signalGroup(child, 'SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
    signalGroup(child, 'SIGKILL');
  }

  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: services.postgres });
    await client.connect();
    await client.query(sql);
    await client.end();
  };

  beforeAll(async () => {
    const upstream = new URL(services.postgres!);
    await admin(`create database ${dbName}`);
    neon = await startNeonBridge({ pgHost: upstream.hostname, pgPort: Number(upstream.port || 5432) });
    upstash = await startUpstashBridge({ redisUrl: services.redis!, token: crypto.randomUUID() });
    const databaseUrl = new URL(services.postgres!);
    databaseUrl.pathname = `/${dbName}`;
    env = {
      DATABASE_URL: databaseUrl.toString(),
      NEON_BRIDGE_URL: neon.url,
      UPSTASH_REDIS_REST_URL: upstash.url,
      UPSTASH_REDIS_REST_TOKEN: upstash.token,
      AUTH_SECRET: `two-instances-${crypto.randomUUID()}`,
      SEED_DEMO: 'true',
      // Its own Redis namespace: rate-limit windows and caches of an earlier run never leak into this one.
      REDIS_KEY_PREFIX: `pt-e2e-${run}:`,
    };
    // One after the other: the first applies the migrations and seeds.
    a = await startServer({ env });
    b = await startServer({ env });
    // One worker ingests the feed for both (role web: the web servers run no feed and no engine).
    worker = spawnWorker((d) => (workerLog += d));
    // The worker seeds the catalogue before it says it is ready; a stream opened earlier names unknown symbols.
    await waitFor(() => workerLog.includes('PrimeTrade ready'), worker, () => workerLog);
  });

  afterAll(async () => {
    await Promise.all([stopChild(worker), stopChild(standby)]);
    await Promise.all([a?.stop(), b?.stop()]);
    await Promise.all([neon?.close(), upstash?.close()]);
    await admin(`drop database if exists ${dbName} with (force)`);
    const redis = createClient({ url: services.redis });
    await redis.connect();
    for await (const keys of redis.scanIterator({ MATCH: `pt-e2e-${run}:*`, COUNT: 1000 })) {
      if (keys.length) await redis.del(keys);
    }
    await redis.quit();
  });

  async function call(server: RunningServer, method: string, path: string, opts: { token?: string; body?: unknown; ip?: string } = {}) {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: {
        ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        ...(opts.ip ? { 'x-forwarded-for': opts.ip } : {}),
      },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
    const text = await res.text();
    return { res, status: res.status, body: (text ? JSON.parse(text) : null) as Record<string, unknown> };
  }

  async function account(server: RunningServer, name: string) {
    const email = `${name}-${run}@example.com`;
    const created = await call(server, 'POST', '/auth/register', { body: { email, password: 'password-123', name } });
    expect(created.status).toBe(201);
    const token = await call(server, 'POST', '/auth/token', { body: { email, password: 'password-123' } });
    expect(token.status).toBe(200);
    return { email, id: (created.body.user as { id: string }).id, token: token.body.accessToken as string };
  }

  it('runs both on the Neon Pool and Upstash', async () => {
    for (const server of [a, b]) {
      const ready = (await (await fetch(`${server.url}/api/ready`)).json()) as { checks: { db: { driver: string }; cache: { ok: boolean } } };
      expect(ready.checks.db.driver).toBe('neon-serverless');
      expect(ready.checks.cache.ok).toBe(true);
    }
  });

  it('accepts a token issued by one instance on the other', async () => {
    const user = await account(a, 'roamer');
    const me = await call(b, 'GET', '/me', { token: user.token });
    expect(me.status).toBe(200);
    expect(me.body.email).toBe(user.email);
  });

  it('carries a browser session from one instance to the other, and a sign-out on one ends it on both', async () => {
    const user = await account(a, 'cookie');
    const browser = new CookieBrowser(a.url);
    expect((await browser.signIn(user.email, 'password-123')).status).toBeLessThan(400);
    const stolen = new Map(browser.cookies);
    browser.base = b.url;
    expect(await browser.meStatus()).toBe(200);
    // Sign out on A; the old cookie replayed on B is refused (the revocation lives in Redis).
    browser.base = a.url;
    await browser.signOut();
    const replay = new CookieBrowser(b.url);
    replay.cookies = stolen;
    expect(await replay.meStatus()).toBe(401);
  });

  it('shares a rate limit: sign-in attempts on either instance count against one window', async () => {
    const user = await account(a, 'target');
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const server = i % 2 === 0 ? a : b;
      statuses.push((await call(server, 'POST', '/auth/token', { body: { email: user.email, password: 'wrong-pass-1' }, ip: '198.51.100.8' })).status);
    }
    // 10 a minute per account (the sign-in in account() was the first), over a sliding window that weighs
    // the previous minute's count by the time left in it, so the refusals begin at attempt 10–12 of these.
    // Per-instance limits would let each instance take 6 and refuse none.
    const firstRefused = statuses.indexOf(429);
    expect(firstRefused).toBeGreaterThanOrEqual(9);
    expect(firstRefused).toBeLessThanOrEqual(11);
    expect(statuses.slice(0, firstRefused).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(firstRefused).every((s) => s === 429)).toBe(true);
  });

  it('refuses a user disabled on one instance on the other, at once (shared cache invalidated)', async () => {
    const user = await account(a, 'disabled');
    // B caches the user's status in Redis…
    expect((await call(b, 'GET', '/me', { token: user.token })).status).toBe(200);
    const adminToken = (await call(a, 'POST', '/auth/token', { body: { email: 'admin@primetrade.dev', password: 'admin-password-1' } })).body
      .accessToken as string;
    // …A disables the user and drops that entry, so B's next request reads the database.
    expect((await call(a, 'PATCH', `/admin/users/${user.id}`, { token: adminToken, body: { disabled: true } })).status).toBe(200);
    expect((await call(b, 'GET', '/me', { token: user.token })).status).toBe(401);
  });

  /** Price events (id and symbol) an EventSource on `server` receives. */
  function listen(server: RunningServer) {
    const prices: { id: string; symbol: string }[] = [];
    const source = new EventSource(`${server.url}/api/v1/stream/prices?symbols=BTC,ETH`);
    source.addEventListener('price', (e) => prices.push({ id: e.lastEventId, symbol: (JSON.parse(e.data) as { symbol: string }).symbol }));
    return { source, prices };
  }

  it('delivers a tick from the one worker to SSE clients on both instances, with the same event ids', async () => {
    const onA = listen(a);
    const onB = listen(b);
    try {
      const deadline = Date.now() + 45_000;
      const shared = () => onA.prices.filter((p) => onB.prices.some((q) => q.id === p.id && q.symbol === p.symbol));
      while (shared().length < 5) {
        if (Date.now() > deadline) throw new Error(`no shared ticks (A ${onA.prices.length}, B ${onB.prices.length}); worker:\n${workerLog.slice(-3000)}\nA:\n${a.output().slice(-2000)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(shared().every((p) => ['BTC', 'ETH'].includes(p.symbol))).toBe(true);
    } finally {
      onA.source.close();
      onB.source.close();
    }
  }, 90_000);

  it('serves the public router from the edge runtime, reading the prices the worker wrote to the shared cache', async () => {
    for (const server of [a, b]) {
      const ping = await fetch(`${server.url}/api/trpc/edge/market.ping`);
      expect(ping.status).toBe(200);
      expect(ping.headers.get('x-primetrade-runtime')).toBe('edge');
      const input = encodeURIComponent(JSON.stringify({ json: { symbols: ['BTC'] } }));
      const res = await fetch(`${server.url}/api/trpc/edge/market.snapshot?input=${input}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-primetrade-runtime')).toBe('edge');
      const body = (await res.json()) as { result: { data: { json: { symbol: string; price: string; ts: number }[] } } };
      expect(body.result.data.json).toEqual([expect.objectContaining({ symbol: 'BTC', price: expect.stringMatching(/^\d+\.\d+$/) })]);
      // A live tick from the worker (not the stored candle close): written seconds ago.
      expect(Date.now() - body.result.data.json[0]!.ts).toBeLessThan(15_000);
    }
  });

  it('runs one trading engine per deployment: none in the web instances, one of two workers, moved within the lease TTL when it is killed', async () => {
    const engineStarts = (log: string) => log.split('\n').filter((l) => l.includes('"msg":"trading engine started"')).length;
    expect(engineStarts(a.output()) + engineStarts(b.output())).toBe(0);
    expect(engineStarts(workerLog)).toBe(1);

    standby = spawnWorker((d) => (standbyLog += d));
    await waitFor(() => standbyLog.includes('PrimeTrade ready'), standby, () => standbyLog);
    await new Promise((r) => setTimeout(r, LEASE_TTL_MS)); // a full lease period: the standby keeps waiting
    expect(engineStarts(standbyLog)).toBe(0);

    const killedAt = Date.now();
    signalGroup(worker!, 'SIGKILL'); // no clean stop: the lease is not handed back
    await waitFor(() => engineStarts(standbyLog) === 1, standby, () => standbyLog, 3 * LEASE_TTL_MS);
    expect(Date.now() - killedAt).toBeLessThan(LEASE_TTL_MS + LEASE_TTL_MS / 3 + 1_000);
    expect(engineStarts(a.output()) + engineStarts(b.output())).toBe(0);
  }, 60_000);
});
