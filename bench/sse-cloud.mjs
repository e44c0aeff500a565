// bench/sse-cloud — SSE fan-out through Redis with two cloud-profile instances, beside the local profile's
// single instance, with the same clients in the same run; and what connected clients cost Redis.
//
//   local: one `next start` (PGlite, in-process bus, simulator in the server) — N clients.
//   cloud: one worker (simulator → Upstash streams) + instances A and B (`next start`, Neon Pool + Upstash
//          REST through the bridges in scripts/bridges) — N/2 clients on each.
// Prints delivered messages/s, publish→client latency p50/p99 and the cloud/local ratio; then the Redis
// commands per minute the two instances send (counted by their own Upstash bridge; the worker has another)
// with no clients and with N clients, and the difference per connected client per minute. Target: about
// zero — the bus costs grow with instances, not clients.
//
//   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench -- sse-cloud   (needs redis-server on PATH)
import { spawn } from 'node:child_process';
import pg from 'pg';
import { fmt, freePort, startNext } from './lib.mjs';
import { startSsePool } from './sse-pool.mjs';

const CLIENTS = Number(process.env.BENCH_SSE_CLIENTS ?? 1000);
const MEASURE_MS = Number(process.env.BENCH_SSE_MEASURE_MS ?? 20_000);
const PG_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
// Its own redis-server by default, away from other work on the machine (BENCH_REDIS_URL to override).
const OWN_REDIS_PORT = await freePort();
const [LOCAL, A, B, NEON, UPSTASH, UPSTASH_WORKER] = await Promise.all(Array.from({ length: 6 }, freePort));
const REDIS_URL = process.env.BENCH_REDIS_URL ?? `redis://127.0.0.1:${OWN_REDIS_PORT}`;
const STREAM = '/api/v1/stream/prices';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const children = [];
function run(args, env) {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  return child;
}
const tsx = (script, env) => run(['node_modules/tsx/dist/cli.mjs', '--conditions=react-server', script], env);

async function until(check, ms, what) {
  const deadline = Date.now() + ms;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

if (!process.env.BENCH_REDIS_URL) {
  const server = spawn('redis-server', ['--port', String(OWN_REDIS_PORT), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  children.push(server);
  await sleep(1_000);
}
const token = crypto.randomUUID();
/** Redis commands the instances sent through their bridge so far. */
const instanceCommands = async () =>
  ((await (await fetch(`http://127.0.0.1:${UPSTASH}/stats`, { headers: { authorization: `Bearer ${token}` } })).json()).commands);

/** The instances' Redis commands per minute over `ms`. */
async function redisRate(ms) {
  const before = await instanceCommands();
  await sleep(ms);
  return ((await instanceCommands()) - before) * (60_000 / ms);
}

async function measure(label, targets, redisToo) {
  for (const { port, count } of targets) await pool.connect(port, STREAM, count, 150_000);
  await sleep(3_000);
  await pool.reset();
  const t0 = performance.now();
  const perMinute = redisToo ? await redisRate(MEASURE_MS) : (await sleep(MEASURE_MS), NaN);
  const { counted, open, p50, p99 } = await pool.report();
  const elapsed = (performance.now() - t0) / 1000;
  await pool.close();
  const row = { label, clients: open, perSecond: counted / elapsed, perClient: counted / elapsed / open, p50, p99, perMinute };
  console.log(
    `sse-cloud: ${label.padEnd(26)} ${String(row.clients).padStart(5)} clients: ${fmt(row.perSecond).padStart(7)} msg/s ` +
      `(${fmt(row.perClient, 1)}/client)  p50 ${fmt(p50)} ms  p99 ${fmt(p99)} ms${redisToo ? `  Redis ${fmt(perMinute)} cmd/min` : ''}`,
  );
  await sleep(2_000);
  return row;
}

const pool = await startSsePool();
let local;
let dbName;
try {
  // Local profile: the baseline.
  const l = await startNext({ port: LOCAL });
  local = await measure('local, 1 instance', [{ port: LOCAL, count: CLIENTS }], false);
  await l.stop();

  // Cloud profile: a scratch database, the two bridges, A and B, and one worker.
  dbName = `pt_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  await admin.end();
  const upstream = new URL(PG_URL);
  const databaseUrl = new URL(PG_URL);
  databaseUrl.pathname = `/${dbName}`;
  tsx('scripts/bridges/neon.ts', { PGHOST: upstream.hostname, PGPORT: upstream.port || '5432', PORT: String(NEON) });
  for (const port of [UPSTASH, UPSTASH_WORKER]) {
    tsx('scripts/bridges/upstash-rest.ts', { REDIS_URL, UPSTASH_BRIDGE_TOKEN: token, PORT: String(port) });
    await until(async () => (await fetch(`http://127.0.0.1:${port}/stats`, { headers: { authorization: `Bearer ${token}` } })).ok, 20_000, 'an Upstash bridge');
  }
  await until(async () => (await fetch(`http://127.0.0.1:${NEON}/sql`, { method: 'POST' })).status > 0, 20_000, 'the Neon bridge');
  const cloudEnv = {
    DATABASE_URL: databaseUrl.toString(),
    NEON_BRIDGE_URL: `http://127.0.0.1:${NEON}`,
    UPSTASH_REDIS_REST_URL: `http://127.0.0.1:${UPSTASH}`,
    UPSTASH_REDIS_REST_TOKEN: token,
    AUTH_SECRET: `bench-${crypto.randomUUID()}`,
    SEED_DEMO: 'false',
  };
  const a = await startNext({ port: A, env: cloudEnv });
  const b = await startNext({ port: B, env: cloudEnv });
  tsx('scripts/worker.ts', { ...cloudEnv, UPSTASH_REDIS_REST_URL: `http://127.0.0.1:${UPSTASH_WORKER}`, MARKET_BACKFILL_DAYS: '0', LOG_LEVEL: 'warn' });
  // Ticks flowing through Redis to an instance.
  await until(async () => {
    await pool.connect(A, STREAM, 1, 10_000);
    await pool.reset();
    await sleep(1_000);
    const { counted } = await pool.report();
    await pool.close();
    return counted > 0;
  }, 60_000, 'ticks from the worker');
  await sleep(2_000);

  const idle = await redisRate(MEASURE_MS);
  console.log(`sse-cloud: Redis commands from both instances, no clients: ${fmt(idle)} cmd/min`);
  const half = Math.floor(CLIENTS / 2);
  const cloud = await measure('cloud, 2 instances (A+B)', [{ port: A, count: half }, { port: B, count: CLIENTS - half }], true);
  const perClient = (cloud.perMinute - idle) / cloud.clients;
  console.log(
    `sse-cloud: delivered cloud/local ${fmt(cloud.perSecond / local.perSecond, 2)} (per client ${fmt(cloud.perClient, 1)} vs ${fmt(local.perClient, 1)} msg/s); ` +
      `p99 cloud ${fmt(cloud.p99)} ms vs local ${fmt(local.p99)} ms`,
  );
  console.log(
    `sse-cloud: Redis commands per connected client per minute: ${fmt(perClient, 3)} ` +
      `(${fmt(cloud.perMinute)} with ${cloud.clients} clients − ${fmt(idle)} with none; target ≈ 0)`,
  );
  await Promise.all([a.stop(), b.stop()]);
} finally {
  pool.stop();
  // Worker first, Redis last: each goes before what it depends on.
  for (const c of children.reverse()) {
    c.kill('SIGTERM');
    await sleep(300);
  }
  if (dbName) {
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
}
