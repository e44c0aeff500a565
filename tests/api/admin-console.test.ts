import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z, type ZodError } from 'zod';
import { auditLog, symbolHalts } from '@/db/schema';
import type { SessionUser } from '@/server/api/trpc';
import type { Infra } from '@/server/infra/infra';
import { marketCacheStats } from '@/server/services/market/cache-stats';
import { getPriceHub } from '@/server/services/market/price-hub';
import { seedAssets } from '@/server/services/market/seed-assets';
import { createUser } from '../support/accounts';
import { callerFor } from '../support/caller';
import { expectTrpcError } from '../support/errors';
import { createTestInfra } from '../support/infra';
import { setLatestPrice } from '../support/trading';

let infra: Infra;
let admin: SessionUser;
let user: SessionUser;

beforeEach(async () => {
  infra = await createTestInfra();
  await seedAssets(infra.db);
  admin = await createUser(infra, 'Root', 'admin');
  user = await createUser(infra, 'Trader');
});
afterEach(async () => {
  await getPriceHub(infra.bus).stop();
  await infra.close();
});

describe('admin.audit.list', () => {
  it('lists audited actions newest first with their actor, filters by action and actor, and pages with a cursor', async () => {
    const asAdmin = callerFor(infra, admin);
    await asAdmin.admin.halts.halt({ symbol: 'btc', reason: 'exchange outage' });
    await asAdmin.admin.users.setRole({ userId: user.id, role: 'admin' });
    await asAdmin.admin.users.setRole({ userId: user.id, role: 'user' });
    await asAdmin.admin.halts.resume({ symbol: 'BTC' });
    await callerFor(infra, user).account.reset({ confirm: 'RESET' });

    const all = await asAdmin.admin.audit.list({ limit: 50 });
    expect(all.data.map((e) => e.action)).toEqual(['account.reset', 'symbol.resume', 'user.set_role', 'user.set_role', 'symbol.halt']);
    expect(all.nextCursor).toBeNull();
    const halt = all.data.at(-1)!;
    expect(halt).toMatchObject({
      targetType: 'asset',
      targetId: 'BTC',
      actor: { id: admin.id, email: admin.email, name: 'Root' },
      details: { reason: 'exchange outage', until: null },
    });
    expect(all.data[0]!.actor?.email).toBe(user.email);

    const halts = await asAdmin.admin.audit.list({ action: 'symbol.halt' });
    expect(halts.data.map((e) => e.id)).toEqual([halt.id]);

    // Actor by id, or by part of the email (case-insensitive).
    expect((await asAdmin.admin.audit.list({ actor: user.id })).data.map((e) => e.action)).toEqual(['account.reset']);
    expect((await asAdmin.admin.audit.list({ actor: 'ROOT@' })).data).toHaveLength(4);
    expect((await asAdmin.admin.audit.list({ actor: 'nobody-here' })).data).toEqual([]);

    // Two at a time: every entry exactly once, in the same order as the single page.
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await asAdmin.admin.audit.list({ limit: 2, cursor });
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.data.map((e) => e.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(all.data.map((e) => e.id));
  });

  it('shows system entries (no actor) and keeps pages stable while new entries arrive', async () => {
    await infra.db.insert(auditLog).values({
      actorId: null,
      action: 'symbol.circuit_breaker',
      targetType: 'asset',
      targetId: 'PEPE',
      createdAt: new Date(Date.now() - 60_000),
    });
    const asAdmin = callerFor(infra, admin);
    await asAdmin.admin.halts.halt({ symbol: 'ETH', reason: 'maintenance', durationMinutes: 5 });
    const first = await asAdmin.admin.audit.list({ limit: 1 });
    expect(first.data[0]!.action).toBe('symbol.halt');
    await asAdmin.admin.halts.resume({ symbol: 'ETH' });
    const second = await asAdmin.admin.audit.list({ limit: 1, cursor: first.nextCursor! });
    expect(second.data[0]).toMatchObject({ action: 'symbol.circuit_breaker', actor: null, targetId: 'PEPE' });
    expect(second.nextCursor).toBeNull();
  });

  it('rejects a forged cursor', async () => {
    await expectTrpcError(callerFor(infra, admin).admin.audit.list({ cursor: 'not-a-cursor' }), 'BAD_REQUEST');
  });

  it('refuses a filter by an action the log never records, naming the field', async () => {
    const error = await expectTrpcError(callerFor(infra, admin).admin.audit.list({ action: 'symbol.delete' as never }), 'BAD_REQUEST');
    expect(z.flattenError(error.cause as ZodError).fieldErrors).toHaveProperty('action');
  });
});

describe('admin.stats', () => {
  it('counts from the database and moves when users act', async () => {
    const asAdmin = callerFor(infra, admin);
    const asUser = callerFor(infra, user);
    const before = await asAdmin.admin.stats();
    expect(before).toMatchObject({
      users: { total: 2, admins: 1, disabled: 0 },
      orders: { today: 0, open: 0 },
      fills: { today: 0 },
      tasks: { total: 0, open: 0 },
      jobs: { queued: 0, running: 0, succeeded: 0, failed: 0, canceled: 0 },
      halts: { active: 0, manual: 0, circuitBreaker: 0 },
      sseConnections: 0,
    });

    await setLatestPrice(infra, 'ETH', '2000.00', Date.now());
    const filled = await asUser.trading.placeOrder({ symbol: 'ETH', side: 'buy', type: 'market', qty: '1', timeInForce: 'gtc' });
    expect(filled.status).toBe('filled');
    await asUser.trading.placeOrder({ symbol: 'ETH', side: 'buy', type: 'limit', qty: '1', limitPrice: '1000.00', timeInForce: 'gtc' });
    await asUser.tasks.create({ title: 'Check ETH' });
    const done = await asUser.tasks.create({ title: 'Done already' });
    await asUser.tasks.update({ id: done.id, status: 'done' });
    await asUser.tasks.import({ csv: 'title\nFrom CSV\n' });
    await asAdmin.admin.halts.halt({ symbol: 'DOGE', reason: 'too silly' });
    await asAdmin.admin.users.setDisabled({ userId: (await createUser(infra, 'Spammer')).id, disabled: true });

    const after = await asAdmin.admin.stats();
    expect(after).toMatchObject({
      users: { total: 3, admins: 1, disabled: 1 },
      orders: { today: 2, open: 1 },
      fills: { today: 1 },
      tasks: { total: 2, open: 1 },
      jobs: { queued: 1, running: 0, succeeded: 0, failed: 0, canceled: 0 },
      halts: { active: 1, manual: 1, circuitBreaker: 0 },
    });
    expect(after.generatedAt.getTime()).toBeGreaterThanOrEqual(before.generatedAt.getTime());
  });

  it('reports this process’s live price connections and market cache ratio', async () => {
    const asAdmin = callerFor(infra, admin);
    const stream = (await callerFor(infra).stream.prices({ symbols: ['BTC'] }))[Symbol.asyncIterator]();
    await stream.next();
    expect((await asAdmin.admin.stats()).sseConnections).toBe(1);
    await stream.return?.();
    expect((await asAdmin.admin.stats()).sseConnections).toBe(0);

    const lookups = marketCacheStats.hits + marketCacheStats.misses;
    await setLatestPrice(infra, 'BTC', '90000.00', Date.now());
    await callerFor(infra).market.snapshot({ symbols: ['BTC'] });
    const { marketCache } = await asAdmin.admin.stats();
    expect(marketCache.hits + marketCache.misses).toBeGreaterThan(lookups);
    expect(marketCache.hitRatio).toBeCloseTo(marketCache.hits / (marketCache.hits + marketCache.misses), 10);
  });

  it('counts circuit-breaker halts apart from manual ones, and expired halts not at all', async () => {
    await infra.db.insert(symbolHalts).values([
      { symbol: 'SOL', source: 'circuit_breaker', reason: 'moved 12%', haltedAt: new Date(), until: new Date(Date.now() + 300_000) },
      { symbol: 'ETH', source: 'circuit_breaker', reason: 'moved 11%', haltedAt: new Date(), until: new Date(Date.now() - 1_000) },
    ]);
    expect((await callerFor(infra, admin).admin.stats()).halts).toEqual({ active: 1, manual: 0, circuitBreaker: 1 });
  });
});

describe('admin console access', () => {
  it('refuses a normal user (FORBIDDEN) and an anonymous caller (UNAUTHORIZED)', async () => {
    const asUser = callerFor(infra, user);
    const anon = callerFor(infra);
    await expectTrpcError(asUser.admin.audit.list({}), 'FORBIDDEN');
    await expectTrpcError(asUser.admin.stats(), 'FORBIDDEN');
    await expectTrpcError(anon.admin.audit.list({}), 'UNAUTHORIZED');
    await expectTrpcError(anon.admin.stats(), 'UNAUTHORIZED');
    await expectTrpcError(asUser.admin.halts.halt({ symbol: 'BTC', reason: 'not mine to halt' }), 'FORBIDDEN');
    expect((await callerFor(infra, admin).admin.halts.list()).data).toEqual([]);
  });
});
