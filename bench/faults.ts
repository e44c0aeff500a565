// bench/faults — GET /api/v1/prices while Redis is down, beside the same load with Redis up, in one run.
//
// A cloud-profile deployment (web + worker; Postgres 15 through the Neon bridge, Redis 7 through the Upstash
// bridge) with a fault proxy in front of each bridge (tests/support/fault-cloud.ts). BENCH_CLIENTS keep-alive
// clients read prices for BENCH_SECONDS with everything up (the baseline), then the Redis proxy goes down
// and they read for 1 + BENCH_SECONDS more; requests started in the outage's first second are left out (the
// circuit breaker learns the outage then). Prints p50/p99 of both windows, the outage/healthy p99 ratio and
// what the outage answers were (200 served, 503). Target (issue 20): outage p99 < 100 ms.
//
//   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test TEST_REDIS_URL=redis://127.0.0.1:6379 npm run bench -- faults
import { pct, fmt } from './lib.mjs';
import { startFaultDeployment } from '../tests/support/fault-cloud';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const PG_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Sample {
  startedAt: number;
  ms: number;
  status: number;
}

/** CLIENTS loops reading prices until `until`; each sample keeps when it started. */
async function load(url: string, until: number): Promise<Sample[]> {
  const samples: Sample[] = [];
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (Date.now() < until) {
        const startedAt = Date.now();
        const t0 = performance.now();
        let status = 0;
        try {
          const res = await fetch(`${url}/api/v1/prices?symbols=BTC,ETH`, { signal: AbortSignal.timeout(10_000) });
          await res.arrayBuffer();
          status = res.status;
        } catch {
          status = 0;
        }
        samples.push({ startedAt, ms: performance.now() - t0, status });
      }
    }),
  );
  return samples;
}

function summary(samples: Sample[]) {
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  const statuses = new Map<number, number>();
  for (const s of samples) statuses.set(s.status, (statuses.get(s.status) ?? 0) + 1);
  return { n: sorted.length, p50: pct(sorted, 50), p99: pct(sorted, 99), statuses: [...statuses].map(([s, n]) => `${s || 'no answer'}: ${n}`).join(', ') };
}

const d = await startFaultDeployment({ postgresUrl: PG_URL, redisUrl: REDIS_URL });
try {
  const url = d.web.url;
  const deadline = Date.now() + 60_000;
  while ((await fetch(`${url}/api/v1/prices?symbols=BTC,ETH`)).status !== 200) {
    if (Date.now() > deadline) throw new Error('no prices within 60 s');
    await sleep(500);
  }
  await load(url, Date.now() + 500); // warm-up
  const healthy = summary(await load(url, Date.now() + SECONDS * 1000));

  await d.redis.set({ mode: 'down' });
  const outageStart = Date.now();
  const during = await load(url, outageStart + (1 + SECONDS) * 1000);
  await d.redis.set({ mode: 'pass' });
  const first = summary(during.filter((s) => s.startedAt < outageStart + 1000));
  const outage = summary(during.filter((s) => s.startedAt >= outageStart + 1000));

  console.log(`faults: healthy prices         ${String(healthy.n).padStart(6)} requests  p50 ${fmt(healthy.p50, 1)} ms  p99 ${fmt(healthy.p99, 1)} ms  (${healthy.statuses})`);
  console.log(`faults: Redis down, 1st second ${String(first.n).padStart(6)} requests  p50 ${fmt(first.p50 ?? 0, 1)} ms  p99 ${fmt(first.p99 ?? 0, 1)} ms  (${first.statuses})`);
  console.log(`faults: Redis down, after      ${String(outage.n).padStart(6)} requests  p50 ${fmt(outage.p50, 1)} ms  p99 ${fmt(outage.p99, 1)} ms  (${outage.statuses})`);
  console.log(
    `faults: prices p99 during Redis outage ${fmt(outage.p99, 1)} ms (target < 100) | healthy ${fmt(healthy.p99, 1)} ms | ratio ${fmt(outage.p99 / healthy.p99, 2)}`,
  );
} finally {
  await d.stop();
}
