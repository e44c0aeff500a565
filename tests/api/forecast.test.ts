import { TRPCError } from '@trpc/server';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z, ZodError } from 'zod';
import { forecastOutput } from '@/contracts/forecast';
import { forecastModelCards } from '@/db/schema/forecast';
import { assets } from '@/db/schema/market';
import { AppError } from '@/server/errors';
import type { Infra } from '@/server/infra/infra';
import { backfillAsset } from '@/server/services/market/backfill';
import { seedAssets } from '@/server/services/market/seed-assets';
import { callerWithHeaders } from '../support/caller';
import { createTestInfra } from '../support/infra';

const END = Date.UTC(2026, 0, 5);
const MIN = 60_000;


async function failure(call: Promise<unknown>) {
  const error = await call.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(TRPCError);
  const trpc = error as TRPCError;
  const fieldErrors = trpc.cause instanceof ZodError ? (z.flattenError(trpc.cause).fieldErrors as Record<string, string[]>) : {};
  return { code: trpc.code, fieldErrors, reason: trpc.cause instanceof AppError ? trpc.cause.reason : undefined };
}

describe('forecast router', () => {
  let infra: Infra;
  beforeAll(async () => {
    infra = await createTestInfra();
    await seedAssets(infra.db);
    // One day of BTC history: 1440 1m candles, 288 5m, 24 1h.
    const [btc] = await infra.db.select().from(assets).where(eq(assets.symbol, 'BTC'));
    await backfillAsset(infra.db, btc!, { endMs: END, days: 1, anchorPrice: '97000.00', seed: 3 });
  }, 120_000);
  afterAll(async () => infra.close());

  it('answers the path, bands, volatility and its stored backtest, CDN-cacheable', async () => {
    const { caller, resHeaders } = callerWithHeaders(infra);
    const f = await caller.forecast.get({ symbol: 'btc', interval: '1m', horizon: 30 });
    expect(forecastOutput.parse(f)).toEqual(f);
    expect(f.symbol).toBe('BTC');
    expect(f.asOf).toBe(new Date(END - MIN).toISOString());
    expect(f.points).toHaveLength(30);
    expect(f.points.map((p) => p.t)).toEqual(Array.from({ length: 30 }, (_, i) => END + i * MIN));
    for (const p of f.points) {
      const v = [p.lower99, p.lower95, p.lower80, p.mean, p.upper80, p.upper95, p.upper99].map(Number);
      expect(v).toEqual([...v].sort((a, b) => a - b));
      expect(p.mean).toMatch(/^\d+\.\d{2}$/); // the asset's price precision
    }
    const width = (i: number) => Number(f.points[i]!.upper95) - Number(f.points[i]!.lower95);
    expect(width(29)).toBeGreaterThan(width(0) * 3); // ≈ √30 ≈ 5.5× for flat volatility, less as GARCH reverts
    expect(Number(f.volatility.annualized)).toBeGreaterThan(0.1);
    expect(f.accuracy).not.toBeNull();
    expect(f.accuracy!.origins).toBeGreaterThanOrEqual(200);
    expect(Number(f.accuracy!.mase)).toBeGreaterThan(0.8);
    expect(Number(f.accuracy!.mase)).toBeLessThan(1.2);
    expect(resHeaders.get('cache-control')).toBe('public, s-maxage=60, stale-while-revalidate=300');
    const [card] = await infra.db.select().from(forecastModelCards).where(eq(forecastModelCards.symbol, 'BTC'));
    expect(card).toMatchObject({ interval: '1m', origins: f.accuracy!.origins, volModel: f.volatility.model });
  });

  it('serves a second call within the minute from the cache', async () => {
    const { caller } = callerWithHeaders(infra);
    const first = await caller.forecast.get({ symbol: 'BTC', interval: '1m', horizon: 12 });
    await infra.db.execute(sql`delete from candles where symbol = 'BTC' and interval = '1m' and bucket >= ${new Date(END - 10 * MIN).toISOString()}::timestamptz`);
    expect(await caller.forecast.get({ symbol: 'BTC', interval: '1m', horizon: 12 })).toEqual(first);
    // A different horizon is a different entry: computed from the candles as they now are.
    const other = await caller.forecast.get({ symbol: 'BTC', interval: '1m', horizon: 13 });
    expect(other.asOf).toBe(new Date(END - 11 * MIN).toISOString());
  });

  it('says when a symbol has too little history for a backtest, and forecasts anyway', async () => {
    const { caller } = callerWithHeaders(infra);
    const f = await caller.forecast.get({ symbol: 'BTC', interval: '5m', horizon: 5 });
    expect(f.accuracy).toBeNull();
    expect(f.volatility.model).toBe('ewma');
  });

  it('refuses too little history with INSUFFICIENT_HISTORY', async () => {
    const { caller } = callerWithHeaders(infra);
    expect(await failure(caller.forecast.get({ symbol: 'BTC', interval: '1h', horizon: 5 }))).toMatchObject({
      code: 'UNPROCESSABLE_CONTENT',
      reason: 'INSUFFICIENT_HISTORY',
    });
    expect(await failure(caller.forecast.get({ symbol: 'ETH', interval: '1m', horizon: 5 }))).toMatchObject({ reason: 'INSUFFICIENT_HISTORY' });
  });

  it('404s an unknown symbol and names bad fields', async () => {
    const { caller } = callerWithHeaders(infra);
    expect((await failure(caller.forecast.get({ symbol: 'NOPE', interval: '1m', horizon: 5 }))).code).toBe('NOT_FOUND');
    const bad = await failure(caller.forecast.get({ symbol: 'BTC', interval: '2m' as '1m', horizon: 241 }));
    expect(bad.code).toBe('BAD_REQUEST');
    expect(Object.keys(bad.fieldErrors).sort()).toEqual(['horizon', 'interval']);
    expect((await failure(caller.forecast.get({ symbol: 'BTC', horizon: 0 }))).fieldErrors.horizon).toBeDefined();
  });
});
