import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Infra } from '@/server/infra/infra';
import { AppError } from '@/server/errors';
import { ENTITLEMENTS } from '@/contracts/plans';
import { createApiKey } from '@/server/services/keys/api-keys';
import { addToWatchlist, WATCHLIST_MAX } from '@/server/services/watchlist/watchlist';
import { createUser } from '../support/accounts';
import { createScratchPostgres, createTestInfra, infraOn } from '../support/infra';
import { announceSkip, services } from '../support/services';
import { insertAsset } from '../support/trading';

/** Ten requests at once, one place left: exactly one gets it, the rest are told the limit. */
async function oneSlotLeft(infra: Infra) {
  const user = await createUser(infra, `limits-${crypto.randomUUID().slice(0, 8)}`);
  for (let i = 0; i < ENTITLEMENTS.free.quotas.apiKeys - 1; i++) await createApiKey(infra.db, user.id, { name: `k${i}`, scopes: ['read'] });
  const keys = await Promise.allSettled(
    Array.from({ length: 10 }, (_, i) => createApiKey(infra.db, user.id, { name: `race${i}`, scopes: ['read'] })),
  );
  expect(keys.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  for (const r of keys.filter((r) => r.status === 'rejected')) {
    expect(((r as PromiseRejectedResult).reason as AppError).reason).toBe('PLAN_LIMIT');
  }

  const symbols = Array.from({ length: WATCHLIST_MAX + 9 }, (_, i) => `W${i}`);
  for (const s of symbols) await insertAsset(infra, s, { pricePrecision: 2, qtyPrecision: 2 });
  for (const s of symbols.slice(0, WATCHLIST_MAX - 1)) await addToWatchlist(infra.db, user.id, s);
  const adds = await Promise.allSettled(symbols.slice(WATCHLIST_MAX - 1).map((s) => addToWatchlist(infra.db, user.id, s)));
  expect(adds.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  for (const r of adds.filter((r) => r.status === 'rejected')) {
    expect(((r as PromiseRejectedResult).reason as AppError).reason).toBe('WATCHLIST_FULL');
  }
}

describe('per-user limits under concurrent requests', () => {
  describe('on PGlite', () => {
    let infra: Infra;
    beforeEach(async () => {
      infra = await createTestInfra();
    });
    afterEach(async () => infra.close());
    it('API keys and watchlist: one place left, ten requests, one gets it', () => oneSlotLeft(infra));
  });

  announceSkip('postgres', 'per-user limits on Postgres');
  describe.skipIf(!services.postgres)('on Postgres', () => {
    let infra: Infra;
    beforeEach(async () => {
      const pg = await createScratchPostgres(services.postgres!);
      infra = infraOn(pg);
    });
    afterEach(async () => infra.close());
    it('API keys and watchlist: one place left, ten requests, one gets it', () => oneSlotLeft(infra));
  });
});
