import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forecastModelCards } from '@/db/schema/forecast';
import { assets } from '@/db/schema/market';
import type { Infra } from '@/server/infra/infra';
import { refreshModelCards } from '@/server/services/forecast/card-refresh';
import { backfillAsset } from '@/server/services/market/backfill';
import { seedAssets } from '@/server/services/market/seed-assets';
import { createTestInfra } from '../../support/infra';

const END = Date.UTC(2026, 0, 5);
const HOUR = 3_600_000;

describe('scheduled model-card refresh', () => {
  let infra: Infra;
  beforeAll(async () => {
    infra = await createTestInfra();
    await seedAssets(infra.db);
    const [eth] = await infra.db.select().from(assets).where(eq(assets.symbol, 'ETH'));
    await backfillAsset(infra.db, eth!, { endMs: END, days: 1, anchorPrice: '3400.00', seed: 5 });
  }, 120_000);
  afterAll(async () => infra.close());

  const cardAt = async () =>
    (await infra.db.select().from(forecastModelCards).where(eq(forecastModelCards.symbol, 'ETH'))).map((c) => ({
      interval: c.interval,
      at: c.evaluatedAt.getTime(),
      origins: c.origins,
    }));

  it('stores a card where the history allows one, recomputes it only once stale, once across concurrent runs', async () => {
    const first = await refreshModelCards(infra.db, () => END);
    expect(first.refreshed).toBe(1); // ETH 1m; 5m/1h/1d and every other symbol are too short
    expect(first.tooShort).toBeGreaterThan(90);
    expect(await cardAt()).toEqual([{ interval: '1m', at: END, origins: expect.any(Number) }]);
    expect((await cardAt())[0]!.origins).toBeGreaterThanOrEqual(900);

    expect((await refreshModelCards(infra.db, () => END + HOUR, { intervals: ['1m'] })).refreshed).toBe(0);

    const later = END + 7 * HOUR;
    const [a, b] = await Promise.all([
      refreshModelCards(infra.db, () => later, { intervals: ['1m'] }),
      refreshModelCards(infra.db, () => later, { intervals: ['1m'] }),
    ]);
    expect(a.refreshed + b.refreshed).toBe(1);
    expect((await cardAt())[0]!.at).toBe(later);
  });
});
