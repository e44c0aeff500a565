import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queryRows } from '@/server/infra/db/types';
import type { Infra } from '@/server/infra/infra';
import { startMarketFeed } from '@/server/services/market/market-feed';
import { createTestInfra } from '../../support/infra';
import { capturingLogger } from '../../support/logger';

let infra: Infra;
beforeEach(async () => {
  infra = await createTestInfra();
});
afterEach(async () => infra.close());

describe('market feed', () => {
  it('keeps running through a bus outage: ticks are still stored, and the failure is warned once, not per batch', async () => {
    const { logger, lines } = capturingLogger();
    const failingBus = { ...infra.bus, publish: () => Promise.reject(new Error('redis timed out')) };
    const feed = await startMarketFeed({ ...infra, bus: failingBus, logger }, { backfillDays: 0 });
    await new Promise((r) => setTimeout(r, 800)); // several source batches, each failing
    await feed.stop();
    const failures = lines.filter((l) => l.msg.startsWith('tick ingest failed'));
    expect(failures.map((l) => l.level)).toEqual(['warn']);
    const [stored] = await queryRows<{ n: number }>(infra.db, sql`select count(*)::int as n from ticks`);
    expect(stored!.n).toBeGreaterThan(10);
  });
});
