import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { symbolHalts } from '@/db/schema';
import type { Infra } from '@/server/infra/infra';
import { announceSkip, services } from '../../support/services';
import { createScratchPostgres, infraOn } from '../../support/infra';
import { tripCircuitBreaker } from '@/server/services/trading/halts';
import { insertAsset, tradingDeps } from '../../support/trading';
import { fiftyConcurrentRetries, hundredConcurrentBuys } from './concurrency';

// The same races on a real Postgres server (15 in CI) with a pool of connections, where transactions
// really do run side by side and only the row lock keeps cash from going negative.
announceSkip('postgres', 'trading concurrency on Postgres');
describe.skipIf(!services.postgres)('order concurrency on Postgres', () => {
  let infra: Infra;
  beforeAll(async () => {
    const pg = await createScratchPostgres(services.postgres!);
    infra = infraOn(pg);
  });
  afterAll(() => infra.close());

  it('100 concurrent market buys with cash for 10: 10 fill, 90 INSUFFICIENT_FUNDS', () => hundredConcurrentBuys(infra));
  it('one clientOrderId submitted 50× concurrently makes one order', () => fiftyConcurrentRetries(infra));

  it('a manual halt that commits while the circuit breaker waits on it wins', async () => {
    await insertAsset(infra, 'RACE', { pricePrecision: 2, qtyPrecision: 2 });
    let inserted!: () => void;
    const insertedNow = new Promise<void>((resolve) => (inserted = resolve));
    const manual = infra.db.transaction(async (tx) => {
      await tx.insert(symbolHalts).values({ symbol: 'RACE', source: 'manual', reason: 'by hand', haltedAt: new Date(), until: null });
      inserted();
      await new Promise((r) => setTimeout(r, 300)); // the breaker's upsert is now waiting on this row
    });
    await insertedNow;
    const trip = tripCircuitBreaker(tradingDeps(infra, Date.now), { symbol: 'RACE', movePct: 30, windowMs: 60_000, haltMs: 60_000 });
    await manual;
    expect(await trip).toBe(false);
    const [halt] = await infra.db.select().from(symbolHalts).where(eq(symbolHalts.symbol, 'RACE'));
    expect(halt).toMatchObject({ source: 'manual', reason: 'by hand', until: null });
  });
});
