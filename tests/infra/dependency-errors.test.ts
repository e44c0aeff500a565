import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type AddressInfo, type Server } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  DependencyError,
  INCIDENT_GAP_MS,
  dependencyFailureOf,
  reportDependencyFailure,
  setDependencyFailureSink,
  type DependencyFailureEvent,
} from '@/server/dependency-errors';
import { AppError, toAppError } from '@/server/errors';
import { createUpstashClient } from '@/server/infra/upstash/client';
import { restErrorParts } from '@/server/rest/errors';
import { upstashTestBridge } from '../support/upstash';
import { Pool } from '@neondatabase/serverless';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/neon-serverless';
import { startNeonBridge } from '../../scripts/bridges/neon';
import { startFaultProxy } from '../../scripts/fault-proxy';
import '@/server/infra/db/neon-pool';
import { routeNeonThroughBridge } from '@/server/infra/db/neon-config';
import { survivePoolErrors } from '@/server/infra/db/pool-errors';
import { openNeonHttp } from '@/server/infra/db/neon-http';
import type { Log } from '@/server/infra/log';

const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const caught = async (run: () => Promise<unknown>): Promise<unknown> => {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
};

// Each row a real failure met the way the app meets it, and what the one conversion makes of it.
describe('which errors are dependency failures', () => {
  let resetting: Server;
  let hanging: HttpServer;
  let badGateway: HttpServer;
  const bridge = upstashTestBridge(REDIS_URL);

  beforeAll(async () => {
    resetting = createServer((socket) => socket.resetAndDestroy());
    hanging = createHttpServer(() => {});
    badGateway = createHttpServer((_req, res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<html>Bad Gateway</html>'));
    for (const s of [resetting, hanging, badGateway]) await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    hanging.closeAllConnections();
    for (const s of [resetting, hanging, badGateway]) await new Promise((resolve) => s.close(resolve));
    await bridge.cleanup();
  });
  const portOf = (s: Server | HttpServer) => (s.address() as AddressInfo).port;

  it('Postgres: refused, reset, pool exhausted, backend terminated (57P01) → the database (PGlite closed: tests/api/outages)', async () => {
    const refused = await caught(async () => {
      const client = new pg.Client({ host: '127.0.0.1', port: await closedPort(), user: 'x' });
      await client.connect();
    });
    const reset = await caught(async () => {
      const client = new pg.Client({ host: '127.0.0.1', port: portOf(resetting), user: 'x' });
      client.on('error', () => {});
      await client.connect();
    });
    const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 1, connectionTimeoutMillis: 100 });
    const held = await pool.connect();
    const exhausted = await caught(() => pool.query('select 1'));
    held.release(true);
    void pool.end();
    const victim = new pg.Client({ connectionString: DATABASE_URL });
    victim.on('error', () => {});
    await victim.connect();
    const terminated = await caught(() => victim.query('select pg_terminate_backend(pg_backend_pid())'));

    expect((terminated as { code?: string }).code).toBe('57P01');
    expect(String(exhausted)).toMatch(/timeout exceeded when trying to connect/);
    for (const error of [refused, reset, exhausted, terminated]) {
      expect(dependencyFailureOf(error)).toEqual({ dependency: 'database', retryAfterSeconds: 5 });
    }

    // The query's own errors are not outages: a constraint, a syntax error, a bad cast stay ours.
    const healthy = new pg.Client({ connectionString: DATABASE_URL });
    await healthy.connect();
    const syntax = await caught(() => healthy.query('selec 1'));
    const cast = await caught(() => healthy.query(`select 'x'::int`));
    for (const error of [syntax, cast]) expect(dependencyFailureOf(error)).toBeNull();
    await healthy.end();
  });

  it('Neon Pool through the bridge: proxy refusing, resetting, cutting mid-transaction, bridge gone → the database', async () => {
    const url = new URL(DATABASE_URL);
    const neonBridge = await startNeonBridge({ pgHost: url.hostname, pgPort: Number(url.port || 5432) });
    const proxy = await startFaultProxy({ target: new URL(neonBridge.url).host });
    routeNeonThroughBridge(`http://${proxy.address}`);
    const pool = new Pool({ connectionString: DATABASE_URL, connectionTimeoutMillis: 2_000 });
    const quiet = { warn: () => {}, info: () => {}, error: () => {} } as unknown as Log;
    survivePoolErrors(pool, 'test', quiet);
    const db = drizzle({ client: pool });
    try {
      await db.execute(sql`select 1`);
      await proxy.set({ mode: 'reset', afterBytes: 0 });
      const resetAtConnect = await caught(() => db.execute(sql`select 1`));
      await proxy.set({ mode: 'reset', afterBytes: 300 });
      const resetDuringStartup = await caught(() => db.execute(sql`select 1`));
      await proxy.set({ mode: 'down' });
      const down = await caught(() => db.execute(sql`select 1`));
      await proxy.set({ mode: 'pass' });
      const midTransaction = await caught(() =>
        db.transaction(async (tx) => {
          await tx.execute(sql`select 1`);
          await proxy.set({ mode: 'reset', afterBytes: 0 });
          await tx.execute(sql`select pg_sleep(0.2)`);
        }),
      );
      await proxy.set({ mode: 'pass' });
      await proxy.close();
      routeNeonThroughBridge(`http://127.0.0.1:${await closedPort()}`);
      const refused = await caught(() => db.execute(sql`select 1`));

      // What Neon rejects with when its WebSocket fails: an ErrorEvent (not an Error) as Drizzle's cause.
      const cause = (refused as Error).cause as { type?: string; message?: string };
      expect(cause).not.toBeInstanceOf(Error);
      expect(cause.type).toBe('error');
      expect(cause.message).toMatch(/^connect ECONNREFUSED /);
      for (const [name, error] of Object.entries({ resetAtConnect, resetDuringStartup, down, midTransaction, refused })) {
        expect(dependencyFailureOf(error), name).toEqual({ dependency: 'database', retryAfterSeconds: 5 });
      }
    } finally {
      await pool.end().catch(() => {});
      await proxy.close().catch(() => {});
      await neonBridge.close();
    }
    // The message alone, as some wrappers keep it (a rewrapped Error, a bare event without `error`).
    expect(dependencyFailureOf(new Error('Failed query', { cause: new Error('connect ECONNREFUSED 10.0.0.1:5432') }))).not.toBeNull();
    expect(dependencyFailureOf(new Error('Failed query', { cause: { type: 'error', message: 'read ECONNRESET' } }))).not.toBeNull();
    expect(dependencyFailureOf(new Error('Failed query', { cause: new Error('invalid input syntax: ECONNREFUSED') }))).toBeNull();
  });

  it('Neon HTTP driver (edge): an endpoint that never answers fails after its timeout as the database', async () => {
    routeNeonThroughBridge(`http://127.0.0.1:${portOf(hanging)}`);
    const db = openNeonHttp(DATABASE_URL, { timeoutMs: 100 });
    const started = performance.now();
    const hung = await caught(() => db.execute(sql`select 1`));
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(dependencyFailureOf(hung)).toEqual({ dependency: 'database', retryAfterSeconds: 5 });
  });

  it('Postgres SQLSTATE classes: 08xxx, 53300, 57P01–57P03 are outages; 23505, 40001, 42601 are not', () => {
    const withCode = (code: string) => Object.assign(new Error(`sqlstate ${code}`), { code });
    for (const code of ['08000', '08003', '08006', '08001', '53300', '53100', '57P01', '57P02', '57P03']) {
      expect(dependencyFailureOf(withCode(code))?.dependency, code).toBe('database');
    }
    for (const code of ['23505', '40001', '42601', '22P02', '57014']) expect(dependencyFailureOf(withCode(code)), code).toBeNull();
    // Drizzle and others wrap the driver's error: the cause chain is followed.
    expect(dependencyFailureOf(new Error('Failed query: select 1', { cause: withCode('57P01') }))?.dependency).toBe('database');
  });

  it('Upstash REST: unreachable, timed out, a 502 page → an outage; a command error (WRONGTYPE, ERR) → ours', async () => {
    const down = await closedPort();
    const fetchFailed = await caught(() => fetch(`http://127.0.0.1:${down}/`));
    const noBreaker = { breaker: false as const };
    const timedOut = await caught(() =>
      createUpstashClient({ url: `http://127.0.0.1:${portOf(hanging)}`, token: 't', timeoutMs: 50, ...noBreaker }).get('k'),
    );
    const gateway = await caught(() => createUpstashClient({ url: `http://127.0.0.1:${portOf(badGateway)}`, token: 't', ...noBreaker }).get('k'));
    expect((timedOut as Error).name).toBe('TimeoutError');
    expect((gateway as Error).name).toBe('UpstashJSONParseError');
    for (const error of [fetchFailed, timedOut, gateway]) expect(dependencyFailureOf(error)).not.toBeNull();

    const redis = await bridge.client();
    const key = `${bridge.prefix}string`;
    await redis.set(key, 'v');
    const wrongType = await caught(() => redis.lpush(key, 'x'));
    const unknown = await caught(() => redis.eval('return redis.call("nosuchcommand")', [], []));
    expect((wrongType as Error).name).toBe('UpstashError');
    for (const error of [wrongType, unknown]) expect(dependencyFailureOf(error)).toBeNull();
  });

  it('tagged errors name their port; domain errors and zod errors are never reclassified', () => {
    expect(dependencyFailureOf(new DependencyError('rate-limit', { cause: new Error('x') }))).toEqual({ dependency: 'rate-limit', retryAfterSeconds: 5 });
    const domain = new AppError('CONFLICT', 'taken', { cause: Object.assign(new Error('dup'), { code: 'ECONNRESET' }) });
    expect(dependencyFailureOf(domain)).toBeNull();
    expect(toAppError(domain)).toBe(domain);
    expect(toAppError(z.string().safeParse(1).error)).toBeNull();
    expect(toAppError(new TypeError('undefined is not a function'))).toBeNull();
  });
});

describe('errors from another bundle (Next.js builds a copy of these modules per route; the infra is made by one)', () => {
  // What a second copy of server/dependency-errors.ts and server/errors.ts throws: same names, other classes.
  class ForeignDependencyError extends Error {
    override name = 'DependencyError';
    dependency = 'cache';
    retryAfterSeconds = 2;
  }
  class ForeignCircuitOpen extends Error {
    override name = 'CircuitOpenError';
    retryAfterSeconds = 1;
  }
  class ForeignAppError extends Error {
    override name = 'AppError';
    code = 'NOT_FOUND';
    reason = 'UNKNOWN_SYMBOL';
    details = { symbol: 'XYZ' };
  }

  it('are recognised by name: tagged failures keep their port, open circuits are outages, domain errors stay domain errors', () => {
    expect(toAppError(new ForeignDependencyError('x'))).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 2, details: { dependency: 'cache' } });
    expect(toAppError(new ForeignCircuitOpen('x'))).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 1 });
    const domain = toAppError(new ForeignAppError('No such asset'));
    expect(domain).toBeInstanceOf(AppError);
    expect(domain).toMatchObject({ code: 'NOT_FOUND', reason: 'UNKNOWN_SYMBOL', details: { symbol: 'XYZ' }, message: 'No such asset' });
  });
});

describe('the one conversion answers an outage as 503 with Retry-After, naming the dependency only', () => {
  it('REST: status, Retry-After, code, reason and dependency; no driver internals', async () => {
    const refused = await caught(async () => {
      const client = new pg.Client({ host: '127.0.0.1', port: await closedPort(), user: 'secret-user' });
      await client.connect();
    });
    const { status, headers, body } = restErrorParts(refused, 'req-1');
    expect(status).toBe(503);
    expect(headers['retry-after']).toBe('5');
    expect(body).toEqual({
      error: {
        code: 'SERVICE_UNAVAILABLE',
        message: 'The database is unavailable; try again shortly',
        details: { reason: 'DATABASE_UNAVAILABLE', dependency: 'database' },
      },
    });
    expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|secret-user/);

    const cacheDown = restErrorParts(new DependencyError('cache', { cause: refused }), 'req-2');
    expect(cacheDown.status).toBe(503);
    expect(cacheDown.body.error.details).toEqual({ reason: 'CACHE_UNAVAILABLE', dependency: 'cache' });

    // Unknown errors stay a 500 that says nothing.
    expect(restErrorParts(new Error('boom'), 'req-3')).toMatchObject({ status: 500, body: { error: { code: 'INTERNAL' } } });
  });

  it('counts every refused request and marks only the first of an incident (the one logged)', () => {
    const events: DependencyFailureEvent[] = [];
    setDependencyFailureSink((e) => events.push(e));
    try {
      // Later than any failure other tests reported with the real time, so each dependency starts fresh.
      const t0 = Date.now() + 100 * INCIDENT_GAP_MS;
      reportDependencyFailure('bus', new Error('a'), t0);
      reportDependencyFailure('bus', new Error('b'), t0 + 1_000);
      reportDependencyFailure('cache', new Error('c'), t0 + 1_000);
      reportDependencyFailure('bus', new Error('d'), t0 + 2_000 + INCIDENT_GAP_MS);
      expect(events.map((e) => [e.dependency, e.newIncident])).toEqual([
        ['bus', true],
        ['bus', false],
        ['cache', true],
        ['bus', true],
      ]);
    } finally {
      setDependencyFailureSink(null);
    }
  });
});
