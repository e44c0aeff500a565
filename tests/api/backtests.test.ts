import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { candles } from '@/db/schema';
import type { SessionUser } from '@/server/api/trpc';
import type { Infra } from '@/server/infra/infra';
import { seedAssets } from '@/server/services/market/seed-assets';
import { createUser } from '../support/accounts';
import { callerFor } from '../support/caller';
import { expectTrpcError, fieldErrorsOf } from '../support/errors';
import { createTestInfra } from '../support/infra';
import { drainJobs } from '../support/jobs';

const HOUR = 3_600_000;
const T0 = Date.UTC(2025, 0, 1);
/** The 10 bars of tests/services/bots/backtest.test.ts (computed by hand there), as stored XRP 1h candles. */
const PAIRS: [number, number][] = [
  [100, 100], [100, 101], [102, 104], [105, 103], [102, 100], [100, 102], [110, 120], [120, 130], [130, 125], [150, 140],
];

let infra: Infra;
let alice: SessionUser;
let bob: SessionUser;
beforeEach(async () => {
  infra = await createTestInfra();
  alice = await createUser(infra, 'Alice');
  bob = await createUser(infra, 'Bob');
  await seedAssets(infra.db);
  // One bar before and one after the range too: the backtest must leave them out.
  const stored: [number, number][] = [[90, 95], ...PAIRS, [10, 10]];
  await infra.db.insert(candles).values(
    stored.map(([o, c], k) => {
      const bucket = new Date(T0 + (k - 1) * HOUR);
      return {
        symbol: 'XRP',
        interval: '1h' as const,
        bucket,
        open: String(o),
        high: String(Math.max(o, c)),
        low: String(Math.min(o, c)),
        close: String(c),
        volume: '1',
        trades: 1,
        openTs: bucket,
        closeTs: new Date(bucket.getTime() + HOUR - 1000),
      };
    }),
  );
});
afterEach(async () => infra.close());

// XRP quantities have 2 decimals, as in the hand-computed run.
const request = {
  strategy: 'sma_cross' as const,
  params: { fast: 1, slow: 2 },
  symbol: 'xrp',
  interval: '1h' as const,
  from: new Date(T0).toISOString(),
  to: new Date(T0 + 10 * HOUR).toISOString(),
  initialCash: '1000',
  feeBps: 100,
  slippageBps: 100,
};

describe('backtests API', () => {
  it('runs as a job on the stored candles and answers the hand-computed trades, equity and metrics', async () => {
    const api = callerFor(infra, alice);
    const { id, jobId } = await api.backtests.create(request);
    expect(await api.backtests.get({ id })).toMatchObject({ id, jobId, status: 'queued', progress: 0, metrics: null, symbol: 'XRP' });

    expect(await drainJobs(infra)).toBe(1);
    const done = await api.backtests.get({ id });
    expect(done).toMatchObject({ status: 'succeeded', progress: 1, bars: 10, error: null });
    expect(done.trades).toEqual([
      { entryT: T0 + 2 * HOUR, exitT: T0 + 4 * HOUR, qty: '9.61', entryPrice: '103.02', exitPrice: '100.98', pnl: '-39.2088', fees: '19.6044' },
      { entryT: T0 + 6 * HOUR, exitT: T0 + 9 * HOUR, qty: '8.56', entryPrice: '111.1', exitPrice: '148.5', pnl: '297.92224', fees: '22.22176' },
    ]);
    expect(done.equity[0]).toEqual({ t: T0, equity: '1000' });
    expect(done.equity.at(-1)).toEqual({ t: T0 + 9 * HOUR, equity: '1258.71344' });
    expect(done.metrics).toMatchObject({ totalReturn: '0.25871344', trades: 2, winRate: '0.5', exposure: '0.5', maxDrawdown: '0.0392088' });

    const page = await api.backtests.list();
    expect(page.data.map((b) => [b.id, b.status])).toEqual([[id, 'succeeded']]);
    expect(page.data[0]).not.toHaveProperty('equity');
  });

  it('is owner-only: another user gets 404 for get and cancel, and an empty list', async () => {
    const { id } = await callerFor(infra, alice).backtests.create(request);
    const other = callerFor(infra, bob);
    await expectTrpcError(other.backtests.get({ id }), 'NOT_FOUND');
    await expectTrpcError(other.backtests.cancel({ id }), 'NOT_FOUND');
    expect((await other.backtests.list()).data).toEqual([]);
    await expectTrpcError(callerFor(infra).backtests.list(), 'UNAUTHORIZED');
  });

  it('refuses bad input with field details', async () => {
    const api = callerFor(infra, alice);
    const fields = async (input: unknown) => fieldErrorsOf(await expectTrpcError(api.backtests.create(input as typeof request), 'BAD_REQUEST'));
    expect((await fields({ ...request, params: { fast: 5, slow: 5 } })).params).toEqual(['slow must be greater than fast']);
    expect((await fields({ ...request, strategy: 'grid', params: { lower: '1', upper: '2', levels: 1 } })).params).toEqual([
      'levels must be at least 2',
    ]);
    expect((await fields({ ...request, strategy: 'grid', params: { lower: '2', upper: '2', levels: 3 } })).params).toEqual([
      'upper must be greater than lower',
    ]);
    expect((await fields({ ...request, to: request.from })).to).toEqual(['to must be after from']);
    expect((await fields({ ...request, from: '2019-01-01T00:00:00Z', to: '2025-01-01T00:00:00Z' })).to).toEqual([
      'A backtest covers at most 5 years',
    ]);
    expect((await fields({ ...request, strategy: 'moon' })).strategy?.[0]).toMatch(/Unknown strategy: use one of sma_cross, rsi, grid, dca/);

    const unknown = await expectTrpcError(api.backtests.create({ ...request, symbol: 'NOPE' }), 'BAD_REQUEST');
    expect(unknown.cause).toMatchObject({ details: { fieldErrors: { symbol: ['No asset NOPE in the catalogue'] } } });
    expect((await api.backtests.list()).data).toEqual([]);
  });

  it('sweeps a grid in one job and ranks the combinations by the chosen metric', async () => {
    const api = callerFor(infra, alice);
    const { id } = await api.backtests.sweep({ ...request, grid: { fast: [1, 2, 3], slow: [2, 3, 4] }, rankBy: 'totalReturn' });
    await drainJobs(infra);
    const done = await api.backtests.get({ id });
    expect(done.status).toBe('succeeded');
    const results = done.sweep!.results;
    // fast < slow leaves (1,2) (1,3) (1,4) (2,3) (2,4) (3,4).
    expect(results).toHaveLength(6);
    const returns = results.map((r) => Number(r.metrics.totalReturn));
    expect(returns).toEqual([...returns].sort((a, b) => b - a));
    // The hand-computed combination is among them with its known return, and the best one's run is stored in full.
    expect(results.find((r) => JSON.stringify(r.params) === '{"fast":1,"slow":2}')?.metrics.totalReturn).toBe('0.25871344');
    expect(done.metrics).toEqual(results[0]!.metrics);
    expect(done.equity.at(-1)!.t).toBe(T0 + 9 * HOUR);
  });

  it('fails with a clear message when no candles are stored in the range, and cancels a queued run', async () => {
    const api = callerFor(infra, alice);
    const { id } = await api.backtests.create({ ...request, from: '2024-01-01T00:00:00Z', to: '2024-02-01T00:00:00Z' });
    await drainJobs(infra);
    expect(await api.backtests.get({ id })).toMatchObject({
      status: 'failed',
      error: 'No stored 1h candles for XRP between 2024-01-01T00:00:00.000Z and 2024-02-01T00:00:00.000Z',
    });

    const queued = await api.backtests.create(request);
    expect(await api.backtests.cancel({ id: queued.id })).toMatchObject({ status: 'canceled' });
    expect(await drainJobs(infra)).toBe(0);
    await expectTrpcError(api.backtests.cancel({ id: queued.id }), 'CONFLICT');
  });
});
