import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Infra } from '@/server/infra/infra';
import { createMemoryBus } from '@/server/infra/bus/memory';
import { createMemoryCache } from '@/server/infra/cache/memory';
import { createMemoryRateLimiter } from '@/server/infra/ratelimit/memory';
import { announceSkip, services } from '../../support/services';
import { createScratchPostgres } from '../../support/infra';
import { fiftyConcurrentRetries, hundredConcurrentBuys } from './concurrency';

// The same races on a real Postgres server (15 in CI) with a pool of connections, where transactions
// really do run side by side and only the row lock keeps cash from going negative.
announceSkip('postgres', 'trading concurrency on Postgres');
describe.skipIf(!services.postgres)('order concurrency on Postgres', () => {
  let infra: Infra;
  beforeAll(async () => {
    const pg = await createScratchPostgres(services.postgres!);
    infra = {
      db: pg.db,
      dbDriver: pg.driver,
      cache: createMemoryCache(),
      bus: createMemoryBus(),
      ratelimit: createMemoryRateLimiter(),
      close: pg.close,
    };
  });
  afterAll(() => infra.close());

  it('100 concurrent market buys with cash for 10: 10 fill, 90 INSUFFICIENT_FUNDS', () => hundredConcurrentBuys(infra));
  it('one clientOrderId submitted 50× concurrently makes one order', () => fiftyConcurrentRetries(infra));
});
