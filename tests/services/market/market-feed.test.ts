import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queryRows } from '@/server/infra/db/types';
import type { Infra } from '@/server/infra/infra';
import { startMarketFeed } from '@/server/services/market/market-feed';
import { createTestInfra } from '../../support/infra';

let infra: Infra;
beforeEach(async () => {
  infra = await createTestInfra();
});
afterEach(async () => infra.close());

describe('market feed', () => {
  it('keeps running through a bus outage: ticks are still stored, and the failure is logged once, not per batch', async () => {
    const logs: string[] = [];
    const failingBus = { ...infra.bus, publish: () => Promise.reject(new Error('redis timed out')) };
    const feed = await startMarketFeed({ ...infra, bus: failingBus }, { backfillDays: 0, log: (msg) => logs.push(msg) });
    await new Promise((r) => setTimeout(r, 800)); // several source batches, each failing
    await feed.stop();
    expect(logs.filter((m) => m.startsWith('tick ingest failed'))).toHaveLength(1);
    const [stored] = await queryRows<{ n: number }>(infra.db, sql`select count(*)::int as n from ticks`);
    expect(stored!.n).toBeGreaterThan(10);
  });
});
