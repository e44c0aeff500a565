import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CircuitOpenError } from '@/server/dependency-errors';
import { toAppError } from '@/server/errors';
import { CircuitBreaker } from '@/server/infra/breaker';
import { createUpstashCache } from '@/server/infra/cache/upstash';
import { guardPool } from '@/server/infra/db/pool-breaker';
import { startFaultProxy } from '../../scripts/fault-proxy';
import { circuitOf, createUpstashClient } from '@/server/infra/upstash/client';

const quiet = { warn: () => {}, error: () => {} };

/** A local HTTP server that can be taken down and brought back on the same port. */
async function switchableServer() {
  let server: HttpServer | null = null;
  const listen = (port = 0) =>
    new Promise<number>((resolve) => {
      server = createHttpServer((_req, res) => res.end('ok'));
      server.listen(port, '127.0.0.1', () => resolve((server!.address() as AddressInfo).port));
    });
  const port = await listen();
  return {
    url: `http://127.0.0.1:${port}/`,
    up: () => listen(port),
    down: () =>
      new Promise<void>((resolve) => {
        server!.closeAllConnections();
        server!.close(() => resolve());
      }),
  };
}

describe('CircuitBreaker (with a clock)', () => {
  let now = 1_000_000;
  const clock = () => now;
  let target: Awaited<ReturnType<typeof switchableServer>>;
  const call = async () => {
    const res = await fetch(target.url);
    return res.text();
  };

  beforeAll(async () => {
    target = await switchableServer();
  });

  it('counts only dependency failures, opens after the threshold, then fails at once without calling out', async () => {
    const breaker = new CircuitBreaker({ name: 'test', failureThreshold: 3, openMs: 2_000, probe: call, clock, log: quiet });
    // The dependency answered, the caller's own refusal is not an outage.
    for (let i = 0; i < 5; i++) await expect(breaker.run(() => Promise.reject(new Error('bad request')))).rejects.toThrow('bad request');
    expect(breaker.state).toBe('closed');
    expect(await breaker.run(call)).toBe('ok');

    await target.down();
    for (let i = 0; i < 3; i++) await expect(breaker.run(call)).rejects.toThrow('fetch failed');
    expect(breaker.state).toBe('open');

    const attempted = vi.fn(call);
    const refusal = await breaker.run(attempted).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(CircuitOpenError);
    expect((refusal as CircuitOpenError).retryAfterSeconds).toBe(2);
    expect(attempted).not.toHaveBeenCalled();
    now += 1_200;
    expect(((await breaker.run(attempted).catch((e: unknown) => e)) as CircuitOpenError).retryAfterSeconds).toBe(1);
    expect(attempted).not.toHaveBeenCalled();
    // The conversion: an open circuit met outside a tagging adapter is the database's 503, Retry-After its time left.
    expect(toAppError(refusal)).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 2, details: { dependency: 'database' } });
  });

  it('half-opens after the open time: a background probe reopens it while down and closes it once back', async () => {
    const breaker = new CircuitBreaker({ name: 'test', failureThreshold: 1, openMs: 2_000, jitter: 0, probe: call, clock, log: quiet });
    await expect(breaker.run(call)).rejects.toThrow('fetch failed');
    expect(breaker.state).toBe('open');

    now += 2_001;
    const attempted = vi.fn(call);
    // The call that finds the open time over starts the probe and still fails fast: requests never wait for it.
    await expect(breaker.run(attempted)).rejects.toBeInstanceOf(CircuitOpenError);
    expect(breaker.state).toBe('half_open');
    expect(breaker.probe).not.toBeNull();
    await breaker.probe;
    expect(breaker.state).toBe('open');
    expect(attempted).not.toHaveBeenCalled();

    await target.up();
    now += 200;
    await expect(breaker.run(attempted)).rejects.toBeInstanceOf(CircuitOpenError);
    expect(breaker.probe).toBeNull(); // not before the re-probe time (a quarter of the open time) is over
    now += 301;
    await expect(breaker.run(attempted)).rejects.toBeInstanceOf(CircuitOpenError);
    await breaker.probe;
    expect(breaker.state).toBe('closed');
    expect(await breaker.run(attempted)).toBe('ok');
    expect(attempted).toHaveBeenCalledTimes(1);
  });
});

describe('CircuitBreaker probes that never answer, and a fault with a period', () => {
  it('a hung probe counts as failed after probeTimeoutMs: the circuit reopens and probes again, not stuck half-open', async () => {
    let answer = false;
    const probe = () => (answer ? Promise.resolve('ok') : new Promise(() => {}));
    const breaker = new CircuitBreaker({ name: 'test', failureThreshold: 1, openMs: 30, probeTimeoutMs: 40, probe, log: quiet });
    await expect(breaker.run(() => Promise.reject(Object.assign(new Error('x'), { code: 'ECONNREFUSED' })))).rejects.toThrow();
    expect(breaker.state).toBe('open');
    await vi.waitFor(() => expect(breaker.state).toBe('half_open'), { timeout: 1_000, interval: 5 });
    await breaker.probe;
    expect(breaker.state).toBe('open');
    answer = true;
    await vi.waitFor(() => expect(breaker.state).toBe('closed'), { timeout: 1_000, interval: 5 });
  });

  it('open times are jittered: probes do not all land at the same phase of a periodic fault', async () => {
    const retryAfter = new Set<number>();
    for (let i = 0; i < 20; i++) {
      const breaker = new CircuitBreaker({ name: 'test', failureThreshold: 1, openMs: 100_000, probe: () => Promise.resolve(), log: quiet });
      await breaker.run(() => Promise.reject(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).catch(() => {});
      const refusal = (await breaker.run(() => Promise.resolve()).catch((e: unknown) => e)) as CircuitOpenError;
      expect(refusal.retryAfterSeconds).toBeGreaterThanOrEqual(75);
      expect(refusal.retryAfterSeconds).toBeLessThanOrEqual(100);
      retryAfter.add(refusal.retryAfterSeconds);
    }
    expect(retryAfter.size).toBeGreaterThan(3);
  });
});

describe('Upstash client with Redis hanging: calls stop waiting once the circuit is open', () => {
  let server: HttpServer;
  let requests = 0;
  beforeAll(async () => {
    // Accepts every request and never answers: each command waits for the client's timeout.
    server = createHttpServer(() => void requests++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('after three timeouts, cache reads fall back at once and nothing more is sent until the probe', async () => {
    const { port } = server.address() as AddressInfo;
    const redis = createUpstashClient({
      url: `http://127.0.0.1:${port}`,
      token: 't',
      timeoutMs: 100,
      breaker: { failureThreshold: 3, openMs: 60_000 },
      log: quiet,
    });
    const cache = createUpstashCache(redis, '', quiet);
    for (let i = 0; i < 3; i++) expect(await cache.get('k')).toBeNull();
    expect(circuitOf(redis)?.state).toBe('open');
    const sent = requests;
    expect(sent).toBeGreaterThanOrEqual(3);
    for (let i = 0; i < 50; i++) expect(await cache.get('k')).toBeNull();
    await expect(cache.get('k', { orThrow: true })).rejects.toMatchObject({ name: 'DependencyError', dependency: 'cache' });
    expect(requests).toBe(sent);
  });
});

describe('database pool behind a server that accepts and resets', () => {
  let server: Server;
  let connections = 0;
  const sockets = new Set<Socket>();
  beforeAll(async () => {
    server = createServer((socket) => {
      connections++;
      sockets.add(socket);
      socket.resetAndDestroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterEach(() => sockets.clear());
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('classifies the failures as the database being unavailable and stops connecting once the circuit is open', async () => {
    const { port } = server.address() as AddressInfo;
    const pool = new pg.Pool({ host: '127.0.0.1', port, user: 'x', database: 'x', connectionTimeoutMillis: 1_000 });
    pool.on('error', () => {});
    const breaker = guardPool(pool, { failureThreshold: 3, openMs: 60_000, log: quiet });
    const errors: unknown[] = [];
    for (let i = 0; i < 3; i++) errors.push(await pool.query('select 1').catch((e: unknown) => e));
    await expect(pool.connect()).rejects.toBeInstanceOf(CircuitOpenError);
    expect(breaker.state).toBe('open');
    const made = connections;
    for (let i = 0; i < 20; i++) await expect(pool.query('select 1')).rejects.toBeInstanceOf(CircuitOpenError);
    expect(connections).toBe(made);
    for (const error of errors) {
      expect(toAppError(error)).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'DATABASE_UNAVAILABLE', details: { dependency: 'database' } });
    }
    await pool.end();
  });
});

describe('guardPool when the link dies at a transaction\'s BEGIN (Postgres through the fault proxy)', () => {
  const url = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');

  it('gives the slot back: the pool is not drained by failed BEGINs and takes transactions again once the link is back', async () => {
    const proxy = await startFaultProxy({ target: `${url.hostname}:${url.port || 5432}` });
    const through = new URL(url);
    through.host = proxy.address;
    const pool = new pg.Pool({ connectionString: through.toString(), max: 2, connectionTimeoutMillis: 1_000 });
    pool.on('error', () => {});
    pool.on('connect', (client) => client.on('error', () => {}));
    guardPool(pool, { failureThreshold: 1_000, log: quiet });
    const db = drizzle({ client: pool });
    try {
      for (let i = 0; i < 4; i++) {
        // A pooled connection is idle; the next bytes on it (the transaction's BEGIN) cut it.
        await db.execute(sql`select 1`);
        await proxy.set({ mode: 'reset', afterBytes: 0 });
        const failed = await db.transaction(async (tx) => tx.execute(sql`select 1`)).catch((e: unknown) => e);
        expect(toAppError(failed), `attempt ${i}`).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'DATABASE_UNAVAILABLE' });
        await proxy.set({ mode: 'pass' });
      }
      // Without giving the slots back, both of the pool's 2 would be held by dead clients: a timeout here.
      const rows = await db.transaction(async (tx) => (await tx.execute(sql`select 42 as answer`)).rows);
      expect(rows).toEqual([{ answer: 42 }]);
      expect(pool.totalCount).toBeLessThanOrEqual(2);
    } finally {
      await pool.end().catch(() => {});
      await proxy.close();
    }
  });
});
