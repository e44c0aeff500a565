import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Infra } from '@/server/infra/infra';
import { createTestInfra } from '../../support/infra';
import { fiftyConcurrentRetries, hundredConcurrentBuys } from './concurrency';

describe('order concurrency on PGlite', () => {
  let infra: Infra;
  beforeAll(async () => {
    infra = await createTestInfra();
  });
  afterAll(() => infra.close());

  it('100 concurrent market buys with cash for 10: 10 fill, 90 INSUFFICIENT_FUNDS', () => hundredConcurrentBuys(infra));
  it('one clientOrderId submitted 50× concurrently makes one order', () => fiftyConcurrentRetries(infra));
});
