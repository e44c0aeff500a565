import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { equitySnapshots, orders } from '@/db/schema';
import { queryRows } from '@/server/infra/db/types';
import type { Infra } from '@/server/infra/infra';
import { runMaintenance } from '@/server/services/maintenance';
import { createIngestor } from '@/server/services/market/ingestor';
import { ensureAccount } from '@/server/services/trading/accounts';
import { placeOrder } from '@/server/services/trading/place-order';
import { createTestInfra } from '../support/infra';
import { insertAsset, insertUser, manualClock, setLatestPrice, tradingDeps } from '../support/trading';

// The pass a cron runs on serverless hosting: one call does what the long-running timers do.
describe('runMaintenance', () => {
  let infra: Infra;
  const time = manualClock(Date.UTC(2026, 0, 5, 22, 0, 0));

  beforeAll(async () => {
    infra = await createTestInfra();
    await insertAsset(infra, 'MNT');
  });
  afterAll(async () => infra?.close());

  const tickCount = async () => (await queryRows<{ n: number }>(infra.db, sql`select count(*)::int as n from ticks where symbol = 'MNT'`))[0]!.n;

  it('prunes old ticks, expires ended day orders and snapshots open accounts — once', async () => {
    // Two ticks two hours old, one a minute old.
    const ingestor = createIngestor({ ...infra, now: time.clock }, { flushMs: 60_000 });
    await ingestor.ingest([
      { symbol: 'MNT', ts: time.now() - 2 * 3_600_000, price: '10.00', volume: '1' },
      { symbol: 'MNT', ts: time.now() - 2 * 3_600_000 + 1_000, price: '10.10', volume: '1' },
      { symbol: 'MNT', ts: time.now() - 60_000, price: '10.20', volume: '1' },
    ]);
    await ingestor.stop();
    expect(await tickCount()).toBe(3);

    const user = await insertUser(infra);
    const deps = tradingDeps(infra, time.clock);
    await setLatestPrice(infra, 'MNT', '10.00', time.now());
    await placeOrder(deps, user.id, { symbol: 'MNT', side: 'buy', type: 'market', qty: '3', timeInForce: 'gtc' });
    const day = await placeOrder(deps, user.id, { symbol: 'MNT', side: 'buy', type: 'limit', qty: '2', limitPrice: '9.00', timeInForce: 'day' });
    const account = await ensureAccount(infra.db, user.id);
    const snapshotsBefore = (await infra.db.select().from(equitySnapshots).where(eq(equitySnapshots.accountId, account.id))).length;

    time.set(Date.UTC(2026, 0, 6, 0, 0, 5)); // past the session end (00:00 UTC)
    const report = await runMaintenance({ ...infra, clock: time.clock });
    expect(report).toMatchObject({ ticksPruned: 3, dayOrdersExpired: 1, equitySnapshots: 1 });
    expect(await tickCount()).toBe(0);
    const [expired] = await infra.db.select().from(orders).where(eq(orders.id, day.id));
    expect([expired!.status, expired!.reason]).toEqual(['expired', 'DAY_ORDER_EXPIRED']);
    const snapshotsAfter = await infra.db.select().from(equitySnapshots).where(eq(equitySnapshots.accountId, account.id));
    expect(snapshotsAfter.length).toBe(snapshotsBefore + 1);

    // A second pass in the same period changes nothing: no tick, order or curve point is left to add.
    expect(await runMaintenance({ ...infra, clock: time.clock })).toMatchObject({ ticksPruned: 0, dayOrdersExpired: 0, equitySnapshots: 0 });
    expect(await infra.db.select().from(equitySnapshots).where(eq(equitySnapshots.accountId, account.id))).toHaveLength(snapshotsBefore + 1);

    // The next period gets its own point.
    time.set(Date.UTC(2026, 0, 6, 0, 5, 5));
    expect(await runMaintenance({ ...infra, clock: time.clock })).toMatchObject({ equitySnapshots: 1 });
  });
});
