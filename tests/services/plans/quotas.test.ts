import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENTITLEMENTS } from '@/contracts/plans';
import { auditLog } from '@/db/schema';
import { createCaller } from '@/server/api/root';
import { AppError } from '@/server/errors';
import { POLICIES } from '@/server/services/rate-limit/policies';
import { loadActiveUser } from '@/server/services/users/sessions';
import type { Infra } from '@/server/infra/infra';
import { createBot } from '@/server/services/bots/live/bots';
import { createApiKey } from '@/server/services/keys/api-keys';
import { seedAssets } from '@/server/services/market/seed-assets';
import { createUser } from '../../support/accounts';
import { callerFor } from '../../support/caller';
import { createScratchPostgres, createTestInfra, infraOn } from '../../support/infra';
import { announceSkip, services } from '../../support/services';

/** 50 key creations at once with 3 places left: exactly 3 succeed, the others are told which limit. */
async function threePlacesLeft(infra: Infra) {
  const user = await createUser(infra, `quota-${crypto.randomUUID().slice(0, 8)}`);
  const max = ENTITLEMENTS.free.quotas.apiKeys;
  for (let i = 0; i < max - 3; i++) await createApiKey(infra.db, user.id, { name: `k${i}`, scopes: ['read'] });
  const results = await Promise.allSettled(
    Array.from({ length: 50 }, (_, i) => createApiKey(infra.db, user.id, { name: `race${i}`, scopes: ['read'] })),
  );
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
  for (const r of results) {
    if (r.status === 'fulfilled') continue;
    const error = r.reason as AppError;
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('UNPROCESSABLE');
    expect(error.reason).toBe('PLAN_LIMIT');
    expect(error.details).toMatchObject({ limit: 'apiKeys', plan: 'free', max, used: max });
  }
}

describe('plan quotas under concurrent requests', () => {
  describe('on PGlite', () => {
    let infra: Infra;
    beforeEach(async () => {
      infra = await createTestInfra();
    });
    afterEach(async () => infra.close());
    it('API keys: 50 at once with 3 places left, exactly 3 made', () => threePlacesLeft(infra));
  });

  announceSkip('postgres', 'plan quotas on Postgres');
  describe.skipIf(!services.postgres)('on Postgres', () => {
    let infra: Infra;
    beforeEach(async () => {
      infra = infraOn(await createScratchPostgres(services.postgres!));
    });
    afterEach(async () => infra.close());
    it('API keys: 50 at once with 3 places left, exactly 3 made', () => threePlacesLeft(infra));
  });
});

describe('plans', () => {
  let infra: Infra;
  beforeEach(async () => {
    infra = await createTestInfra();
    await seedAssets(infra.db);
  });
  afterEach(async () => infra.close());

  const spec = { name: 'Trend', strategy: 'sma_cross' as const, params: { fast: 10, slow: 30 }, symbol: 'BTC', interval: '1m' as const, budget: '1000', limits: {} };

  it('caps bots by plan; an admin moving the user to pro raises the cap (audited), and /me shows it', async () => {
    const admin = await createUser(infra, 'Root', 'admin');
    const user = await createUser(infra, 'Bella');
    const botSpec = spec as Parameters<typeof createBot>[2];
    for (let i = 0; i < ENTITLEMENTS.free.quotas.bots; i++) await createBot(infra.db, user.id, botSpec);
    await expect(createBot(infra.db, user.id, botSpec)).rejects.toMatchObject({ reason: 'PLAN_LIMIT', details: { limit: 'bots', plan: 'free' } });

    const me = callerFor(infra, user);
    expect(await me.auth.profile()).toMatchObject({
      plan: 'free',
      limits: { quotas: { bots: ENTITLEMENTS.free.quotas.bots } },
      usage: { bots: ENTITLEMENTS.free.quotas.bots, apiKeys: 0 },
      twoFactor: { enabled: false },
    });

    expect(await callerFor(infra, admin).admin.users.update({ userId: user.id, plan: 'pro' })).toMatchObject({ plan: 'pro' });
    await createBot(infra.db, user.id, botSpec);
    expect(await me.auth.profile()).toMatchObject({ plan: 'pro', limits: ENTITLEMENTS.pro, usage: { bots: ENTITLEMENTS.free.quotas.bots + 1 } });
    const audit = await infra.db.select().from(auditLog);
    expect(audit).toEqual([expect.objectContaining({ action: 'user.set_plan', actorId: admin.id, targetId: user.id, details: { plan: 'pro' } })]);
  });

  it('does not let a user set their own plan', async () => {
    const user = await createUser(infra, 'Sly');
    await expect(callerFor(infra, user).admin.users.update({ userId: user.id, plan: 'pro' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('rate limits by plan', () => {
  let infra: Infra;
  beforeEach(async () => {
    infra = await createTestInfra();
  });
  afterEach(async () => infra.close());

  it('a pro user gets the read policy times the plan multiplier, a free user the policy as written', async () => {
    const admin = await createUser(infra, 'Root', 'admin');
    const free = await createUser(infra, 'Freda');
    const pro = await createUser(infra, 'Prosper');
    await callerFor(infra, admin).admin.users.update({ userId: pro.id, plan: 'pro' });
    // The identity every request resolves (sessions, tokens, keys) carries the plan.
    const limitSeen = async (userId: string) => {
      const headers = new Headers();
      const user = await loadActiveUser(infra, userId);
      const caller = createCaller({ ...baseContext(infra), resHeaders: headers, user, session: { sid: crypto.randomUUID(), via: 'bearer', scopes: null } });
      await caller.auth.me();
      return Number(headers.get('x-ratelimit-limit'));
    };
    expect(await limitSeen(free.id)).toBe(POLICIES.read.limit);
    expect(await limitSeen(pro.id)).toBe(POLICIES.read.limit * ENTITLEMENTS.pro.rateLimitMultiplier.read);
  });
});

function baseContext(infra: Infra) {
  return { requestId: 'test', runtime: 'nodejs' as const, db: infra.db, cache: infra.cache, bus: infra.bus, ratelimit: infra.ratelimit, clock: infra.clock, clientIp: '203.0.113.9' };
}

describe('backtests by plan', () => {
  let infra: Infra;
  beforeEach(async () => {
    infra = await createTestInfra();
    await seedAssets(infra.db);
  });
  afterEach(async () => infra.close());

  const run = { strategy: 'sma_cross' as const, symbol: 'BTC', interval: '1h' as const, initialCash: '1000', feeBps: 10, slippageBps: 5 };
  const long = { ...run, params: { fast: 5, slow: 20 }, from: '2023-01-01T00:00:00Z', to: '2024-06-01T00:00:00Z' };
  // 6 × 5 = 30 combinations, every one valid (slow > fast): over free's sweep size.
  const wideSweep = { ...run, grid: { fast: [1, 2, 3, 4, 5, 6], slow: [10, 11, 12, 13, 14] }, from: '2024-01-01T00:00:00Z', to: '2024-02-01T00:00:00Z' };

  it('caps the span of a backtest and the size of a sweep on free, and pro allows both', async () => {
    const admin = await createUser(infra, 'Root', 'admin');
    const user = await createUser(infra, 'Bea');
    const api = callerFor(infra, user);
    const range = await api.backtests.create(long).catch((e: { cause?: AppError }) => e.cause);
    expect(range).toMatchObject({ reason: 'PLAN_LIMIT', details: { limit: 'backtestRangeDays', plan: 'free', max: ENTITLEMENTS.free.backtestRangeDays } });
    const sweep = await api.backtests.sweep(wideSweep).catch((e: { cause?: AppError }) => e.cause);
    expect(sweep).toMatchObject({ reason: 'PLAN_LIMIT', details: { limit: 'sweepSize', plan: 'free', max: ENTITLEMENTS.free.sweepSize, used: 30 } });

    await callerFor(infra, admin).admin.users.update({ userId: user.id, plan: 'pro' });
    await api.backtests.create(long);
    await api.backtests.sweep(wideSweep);
  });
});
