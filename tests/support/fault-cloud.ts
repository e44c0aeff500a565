import { spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { createClient } from 'redis';
import { startNeonBridge, type NeonBridge } from '../../scripts/bridges/neon';
import { startUpstashBridge, type UpstashBridge } from '../../scripts/bridges/upstash-rest';
import { startFaultProxy, type FaultMode, type FaultProxy } from '../../scripts/fault-proxy';
import { startServer, type RunningServer } from './server';

/**
 * A cloud-profile deployment (one `next start` web instance and one worker) on Postgres 15 and Redis 7,
 * with a fault proxy in front of each bridge:
 *
 *   web, worker ──HTTP/WebSocket──▶ fault proxy ──▶ Neon bridge ──TCP──▶ Postgres
 *   web, worker ──HTTP────────────▶ fault proxy ──▶ Upstash bridge ──TCP──▶ Redis
 *
 * The proxies sit where the app's own traffic leaves it: in production an outage reaches the app as the
 * Neon / Upstash endpoints refusing, resetting or crawling, and that is what the app sees here. (Behind the
 * bridge, the Upstash bridge's Redis client would queue commands across a Redis restart and turn every
 * "down" into a slow timeout — a property of the bridge, not of Upstash.)
 */
export interface FaultDeployment {
  web: RunningServer;
  /** The worker's log so far. */
  workerLog(): string;
  postgres: FaultProxy;
  redis: FaultProxy;
  /** The deployment's own database, for reading the ledger directly. */
  databaseUrl: string;
  env: Record<string, string>;
  /** Both proxies back to pass. */
  heal(): Promise<void>;
  /** Stops the worker (SIGTERM, then SIGKILL after 5 s): the "worker down" outage. */
  stopWorker(): Promise<void>;
  stop(): Promise<void>;
}

export async function startFaultDeployment(opts: { postgresUrl: string; redisUrl: string; env?: Record<string, string> }): Promise<FaultDeployment> {
  const run = crypto.randomUUID().slice(0, 8);
  const dbName = `pt_faults_${run}`;
  const prefix = `pt-faults-${run}:`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: opts.postgresUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${dbName}`);
  const upstream = new URL(opts.postgresUrl);
  const neon: NeonBridge = await startNeonBridge({ pgHost: upstream.hostname, pgPort: Number(upstream.port || 5432) });
  const upstash: UpstashBridge = await startUpstashBridge({ redisUrl: opts.redisUrl, token: crypto.randomUUID() });
  const postgres = await startFaultProxy({ target: new URL(neon.url).host });
  const redis = await startFaultProxy({ target: new URL(upstash.url).host });

  const databaseUrl = new URL(opts.postgresUrl);
  databaseUrl.pathname = `/${dbName}`;
  const env: Record<string, string> = {
    DATABASE_URL: databaseUrl.toString(),
    NEON_BRIDGE_URL: `http://${postgres.address}`,
    UPSTASH_REDIS_REST_URL: `http://${redis.address}`,
    UPSTASH_REDIS_REST_TOKEN: upstash.token,
    AUTH_SECRET: `faults-${crypto.randomUUID()}`,
    SEED_DEMO: 'true',
    TOKEN_SOURCES: 'sim',
    TOKEN_REFRESH_SECONDS: '5',
    WEBHOOK_ALLOW_PRIVATE: 'true',
    REDIS_KEY_PREFIX: prefix,
    SINGLETON_LEASE_TTL_MS: '3000',
    ...opts.env,
  };

  let web: RunningServer | undefined;
  let worker: ChildProcess | undefined;
  let log = '';
  const stopWorker = async () => {
    if (!worker || worker.exitCode !== null) return;
    const exited = new Promise((r) => worker!.once('exit', r));
    const signal = (s: NodeJS.Signals) => {
      try {
        process.kill(-worker!.pid!, s);
      } catch {
        // gone
      }
    };
    signal('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
    signal('SIGKILL');
  };
  const stop = async () => {
    await Promise.all([postgres.set({ mode: 'pass' }), redis.set({ mode: 'pass' })]);
    await stopWorker();
    await web?.stop();
    await Promise.all([postgres.close(), redis.close()]);
    await Promise.all([neon.close(), upstash.close()]);
    await admin(`drop database if exists ${dbName} with (force)`);
    const client = createClient({ url: opts.redisUrl });
    await client.connect();
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) {
      if (keys.length) await client.del(keys);
    }
    await client.quit();
  };

  try {
    web = await startServer({ env });
    // The worker (feed, engine, jobs, token refresh) in its own process group: tsx runs the script in a child.
    worker = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', '--conditions=react-server', 'scripts/worker.ts'], {
      env: { ...process.env, ...env, MARKET_BACKFILL_DAYS: '1', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    worker.stdout!.on('data', (d) => (log += String(d)));
    worker.stderr!.on('data', (d) => (log += String(d)));
    const started = Date.now();
    while (!log.includes('PrimeTrade ready')) {
      if (worker.exitCode !== null || Date.now() - started > 150_000) throw new Error(`worker not ready:\n${log.slice(-4000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }

  return {
    web,
    workerLog: () => log,
    postgres,
    redis,
    databaseUrl: databaseUrl.toString(),
    env,
    heal: async () => {
      await Promise.all([postgres.set({ mode: 'pass' }), redis.set({ mode: 'pass' })]);
    },
    stopWorker,
    stop,
  };
}

/** The switches the suite throws at each dependency, with the names the table and failures use. */
export const SWITCHES: { name: string; mode: FaultMode }[] = [
  { name: 'down', mode: { mode: 'down' } },
  { name: 'slow 1.5 s', mode: { mode: 'slow', latencyMs: 1_500 } },
  { name: 'reset mid-request', mode: { mode: 'reset', afterBytes: 120 } },
  { name: 'flapping 500 ms', mode: { mode: 'flap', periodMs: 500 } },
];
