import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '@/db/schema';
import { createUpstashBus } from '@/server/infra/bus/upstash';
import { createUpstashCache } from '@/server/infra/cache/upstash';
import { openNodePostgres } from '@/server/infra/db/node-postgres';
import type { Infra } from '@/server/infra/infra';
import { PRICE_TOPIC, type PriceTick } from '@/server/services/market/price-tick';
import { startWorker, type Worker } from '@/server/start-worker';
import { createScratchPostgres, infraOn } from '../../support/infra';
import { capturingLogger, type LoggedLine } from '../../support/logger';
import { announceSkip, services } from '../../support/services';
import { insertAsset } from '../../support/trading';
import { upstashTestBridge } from '../../support/upstash';

// Two worker processes' worth of state (own pools, own Redis clients) on one Postgres and one Redis: the
// deployment-wide singletons run once, and move when their holder dies.
const TTL_MS = 1_500;
const POLL_MS = TTL_MS / 3;

announceSkip('postgres', 'two workers under leases (Postgres + Redis)');
announceSkip('redis', 'two workers under leases (Postgres + Redis)');
describe.skipIf(!services.postgres || !services.redis)('two workers under leases on Postgres + Redis', () => {
  let pg: Awaited<ReturnType<typeof createScratchPostgres>>;
  const upstash = upstashTestBridge(services.redis ?? '');
  const started: { infra: Infra; worker: Worker; lines: LoggedLine[] }[] = [];

  beforeAll(async () => {
    pg = await createScratchPostgres(services.postgres!);
  });
  afterAll(async () => {
    for (const { worker, infra } of started) {
      await worker.stop().catch(() => {});
      await infra.close().catch(() => {});
    }
    await upstash.cleanup();
    await pg?.close();
  });

  /** A worker as `npm run worker` would start it: its own pool and Redis client, short leases. */
  async function startInstance(holder: string) {
    const handle = await openNodePostgres(pg.url, { max: 4 });
    const redis = await upstash.client();
    const bus = createUpstashBus(redis, { prefix: upstash.prefix, pollMs: 20 });
    const { logger, lines } = capturingLogger();
    const infra = infraOn(handle, {
      bus,
      cache: createUpstashCache(redis, upstash.prefix),
      logger,
      async close() {
        bus.close();
        await handle.close();
      },
    });
    const worker = await startWorker(infra, { holder, leaseTtlMs: TTL_MS, feed: { backfillDays: 0 } });
    const instance = { infra, worker, lines };
    started.push(instance);
    return instance;
  }

  const breakerTrips = async (symbol: string) =>
    (await pg.db.select({ n: count() }).from(auditLog).where(and(eq(auditLog.action, 'symbol.circuit_breaker'), eq(auditLog.targetId, symbol))))[0]!.n;

  /** A 30 % jump within the breaker's window, published as the feed would. */
  async function spike(infra: Infra, symbol: string) {
    const ts = Date.now();
    await infra.bus.publish<PriceTick>(PRICE_TOPIC, { symbol, price: '100.00', ts, change24h: null, stale: false, ageMs: 0, session: null });
    await infra.bus.publish<PriceTick>(PRICE_TOPIC, { symbol, price: '130.00', ts: ts + 1_000, change24h: null, stale: false, ageMs: 0, session: null });
  }

  const engineStarts = () => started.flatMap((s) => s.lines).filter((l) => l.msg === 'trading engine started').length;

  it('runs the engine and the feed on exactly one of two workers: one engine start, one breaker trip', async () => {
    const a = await startInstance('worker-a');
    const b = await startInstance('worker-b');
    expect([a.worker.engine.running, b.worker.engine.running].filter(Boolean)).toHaveLength(1);
    expect([a.worker.feed.running, b.worker.feed.running].filter(Boolean)).toHaveLength(1);
    expect(engineStarts()).toBe(1);

    await insertAsset(a.infra, 'SPKA');
    await spike(a.infra, 'SPKA');
    await expect.poll(() => breakerTrips('SPKA'), { timeout: 10_000 }).toBe(1);
    // Both workers received the ticks; a second engine would have tripped its own breaker by now.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await breakerTrips('SPKA')).toBe(1);
  });

  it('moves the engine and the feed to the other worker within the lease TTL (plus one poll) when the holder dies', async () => {
    const [a, b] = started;
    const holder = a!.worker.engine.running ? a! : b!;
    const other = holder === a ? b! : a!;
    // A crash: the database and Redis connections go; nothing is handed back.
    const killedAt = Date.now();
    await holder.infra.close();
    await expect.poll(() => other.worker.engine.running && other.worker.feed.running, { timeout: 3 * TTL_MS, interval: 25 }).toBe(true);
    const tookMs = Date.now() - killedAt;
    expect(tookMs).toBeLessThan(TTL_MS + POLL_MS + 250);
    // The dead holder stopped its own engine before its lease could run out.
    expect(holder.worker.engine.running).toBe(false);
    expect(holder.lines.some((l) => l.msg === 'lease lost: singleton stopped')).toBe(true);
    expect(engineStarts()).toBe(2);

    await insertAsset(other.infra, 'SPKB');
    await spike(other.infra, 'SPKB');
    await expect.poll(() => breakerTrips('SPKB'), { timeout: 10_000 }).toBe(1);
  });

  it('hands the lease over at the next poll, without waiting out the TTL, when the holder stops cleanly', async () => {
    const holder = started.find((s) => s.worker.engine.running)!;
    const next = await startInstance('worker-c');
    expect(next.worker.engine.running).toBe(false);
    await holder.worker.stop();
    // Timed from the moment the lease was handed back. Had it not been, the taker would wait out the TTL
    // from the holder's last renewal: at least TTL − one poll after the stop.
    const stoppedAt = Date.now();
    await expect.poll(() => next.worker.engine.running, { timeout: 3 * TTL_MS, interval: 25 }).toBe(true);
    expect(Date.now() - stoppedAt).toBeLessThan(TTL_MS - POLL_MS);
  });
});
