import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { candles } from '@/db/schema';
import type { SessionUser } from '@/server/api/trpc';
import type { Infra } from '@/server/infra/infra';
import { createBotRunner } from '@/server/services/bots/live/runner';
import { seedAssets } from '@/server/services/market/seed-assets';
import { createUser } from '../support/accounts';
import { callerFor } from '../support/caller';
import { expectTrpcError, fieldErrorsOf } from '../support/errors';
import { createTestInfra } from '../support/infra';
import { manualClock, setLatestPrice, tradingDeps } from '../support/trading';

let infra: Infra;
let alice: SessionUser;
let bob: SessionUser;
beforeEach(async () => {
  infra = await createTestInfra();
  alice = await createUser(infra, 'Alice');
  bob = await createUser(infra, 'Bob');
  await seedAssets(infra.db);
});
afterEach(async () => infra.close());

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 0, 5, 12, 0);
async function storeCandle(symbol: string, t: number) {
  const bucket = new Date(t);
  await infra.db.insert(candles).values({
    symbol, interval: '1m', bucket, open: '2000', high: '2000', low: '2000', close: '2000', volume: '1', trades: 1,
    openTs: bucket, closeTs: new Date(t + 59_000),
  });
}

const spec = { name: 'Trend', strategy: 'sma_cross' as const, params: { fast: 10, slow: 30 }, symbol: 'btc', interval: '1m' as const };

describe('bots API', () => {
  it('creates, starts, pauses and stops a bot; the owner sees it with its budget as cash', async () => {
    const api = callerFor(infra, alice);
    const bot = await api.bots.create({ ...spec, budget: '2500', limits: { maxOrdersPerHour: 6 } });
    expect(bot).toMatchObject({ symbol: 'BTC', status: 'stopped', cash: '2500', qty: '0', realizedPnl: '0', limits: { maxOrdersPerHour: 6, maxRejections: 3 } });
    expect(await api.bots.start({ id: bot.id })).toMatchObject({ status: 'running', statusReason: null });
    await expectTrpcError(api.bots.delete({ id: bot.id }), 'CONFLICT');
    expect(await api.bots.pause({ id: bot.id })).toMatchObject({ status: 'paused', statusReason: 'Paused by its owner' });
    expect(await api.bots.stop({ id: bot.id })).toMatchObject({ status: 'stopped', lastBarT: null });
    expect((await api.bots.list({ symbol: 'BTC' })).data.map((b) => b.id)).toEqual([bot.id]);
    expect((await api.bots.list({ symbol: 'ETH' })).data).toEqual([]);
    expect(await api.bots.log({ id: bot.id })).toEqual({ data: [], nextCursor: null });
    expect(await api.bots.delete({ id: bot.id })).toEqual({ id: bot.id });
    await expectTrpcError(api.bots.get({ id: bot.id }), 'NOT_FOUND');
  });

  it('pushes status and decisions live on bots.watch', async () => {
    const api = callerFor(infra, alice);
    const bot = await api.bots.create({ ...spec, strategy: 'dca', params: { amount: '100', everyBars: 1 }, symbol: 'ETH' });
    const stream = (await api.bots.watch({ id: bot.id }))[Symbol.asyncIterator]();
    expect((await stream.next()).value).toMatchObject({ bot: { id: bot.id, status: 'stopped' }, decision: null });
    await api.bots.start({ id: bot.id });
    expect((await stream.next()).value).toMatchObject({ bot: { status: 'running' }, decision: null });

    // Two closed ETH candles and a live price: the runner warms up on the first start, then decides on the next close.
    const clock = manualClock(T0);
    const runner = createBotRunner(tradingDeps(infra, clock.clock));
    await storeCandle('ETH', T0);
    clock.set(T0 + MINUTE);
    await runner.runOnce();
    await storeCandle('ETH', T0 + MINUTE);
    clock.set(T0 + 2 * MINUTE);
    await setLatestPrice(infra, 'ETH', '2000', clock.now());
    await runner.runOnce();
    expect((await stream.next()).value).toMatchObject({
      // ⌊100 / (2000 × 1.0005 × 1.001)⌋ to ETH's 5 decimals = ⌊0.0499251⌋.
      bot: { status: 'running', qty: '0.04992' },
      decision: { t: T0 + MINUTE, signal: 'buy 100', reason: 'scheduled buy of 100', error: null },
    });
    await stream.return?.();
    await expectTrpcError(callerFor(infra, bob).bots.watch({ id: bot.id }), 'NOT_FOUND');
  });

  it('is owner-only: another user gets 404 for the bot, its log and its controls', async () => {
    const bot = await callerFor(infra, alice).bots.create(spec);
    const other = callerFor(infra, bob);
    await expectTrpcError(other.bots.get({ id: bot.id }), 'NOT_FOUND');
    await expectTrpcError(other.bots.log({ id: bot.id }), 'NOT_FOUND');
    await expectTrpcError(other.bots.start({ id: bot.id }), 'NOT_FOUND');
    await expectTrpcError(other.bots.delete({ id: bot.id }), 'NOT_FOUND');
    expect((await other.bots.list()).data).toEqual([]);
  });

  it('refuses bad input with field details', async () => {
    const api = callerFor(infra, alice);
    const fields = async (input: unknown) => fieldErrorsOf(await expectTrpcError(api.bots.create(input as typeof spec), 'BAD_REQUEST'));
    expect((await fields({ ...spec, params: { fast: 30, slow: 10 } })).params).toEqual(['slow must be greater than fast']);
    expect((await fields({ ...spec, strategy: 'grid', params: { lower: '5', upper: '1', levels: 4 } })).params).toEqual(['upper must be greater than lower']);
    expect((await fields({ ...spec, strategy: 'hodl' })).strategy?.[0]).toMatch(/Unknown strategy/);
    expect((await fields({ ...spec, name: ' ', budget: '-1' })).name).toEqual(['Name is required']);
    const unknown = await expectTrpcError(api.bots.create({ ...spec, symbol: 'NOPE' }), 'BAD_REQUEST');
    expect(unknown.cause).toMatchObject({ details: { fieldErrors: { symbol: ['No asset NOPE in the catalogue'] } } });
  });
});
