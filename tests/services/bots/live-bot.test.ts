import { asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { candles, fills, paperAccounts } from '@/db/schema';
import type { Infra } from '@/server/infra/infra';
import { runBacktest } from '@/server/services/bots/backtest/run-backtest';
import { seriesFromRows, type CandleSeries } from '@/server/services/bots/backtest/series';
import { createBot, listBotDecisions, ownBot, setBotStatus } from '@/server/services/bots/live/bots';
import { createBotRunner } from '@/server/services/bots/live/runner';
import { Money } from '@/server/services/trading/money';
import { createBotInput } from '@/contracts/bots';
import { randomWalkSeries } from '../../support/candle-series';
import { createTestInfra } from '../../support/infra';
import { insertAsset, insertUser, manualClock, setLatestPrice, tradingDeps } from '../../support/trading';

const MINUTE = 60_000;
let infra: Infra;
beforeEach(async () => {
  infra = await createTestInfra();
  // Six price decimals: a 2-decimal open × (1 ± 5 bps) needs no rounding, so only the fee's cent rounding differs.
  await insertAsset(infra, 'PAR', { pricePrecision: 6, qtyPrecision: 4 });
});
afterEach(async () => infra.close());

/**
 * Replays a series as the live feed would: candle i is stored, the clock moves to its close (= bar i + 1's
 * open) and the latest price becomes bar i + 1's open, then the runner makes one round.
 */
async function replay(series: CandleSeries, clock: ReturnType<typeof manualClock>, round: () => Promise<void>) {
  for (let i = 0; i < series.length; i++) {
    const bucket = new Date(series.t[i]!);
    await infra.db.insert(candles).values({
      symbol: 'PAR',
      interval: '1m',
      bucket,
      open: series.openText[i]!,
      high: String(series.high[i]),
      low: String(series.low[i]),
      close: series.closeText[i]!,
      volume: '1',
      trades: 1,
      openTs: bucket,
      closeTs: new Date(bucket.getTime() + 59_000),
    });
    clock.set(series.t[i]! + MINUTE);
    if (i + 1 < series.length) await setLatestPrice(infra, 'PAR', series.openText[i + 1]!, clock.now());
    await round();
  }
}

describe('live bots', () => {
  it('parity: a bot on replayed candles makes the backtest’s fills (same bars, sides, quantities; prices up to rounding)', async () => {
    const series = randomWalkSeries(240, 11);
    const user = await insertUser(infra);
    const clock = manualClock(series.t[0]!);
    const deps = tradingDeps(infra, clock.clock);
    const bot = await createBot(infra.db, user.id, createBotInput.parse({ name: 'p', strategy: 'sma_cross', params: { fast: 3, slow: 8 }, symbol: 'PAR', interval: '1m', budget: '10000' }));
    await setBotStatus(infra.db, user.id, bot.id, 'start');
    const runner = createBotRunner(deps);
    await runner.runOnce(); // nothing stored yet: nothing to warm up on
    await replay(series, clock, () => runner.runOnce());

    const expected = runBacktest(series, 'sma_cross', { fast: 3, slow: 8 }, { initialCash: '10000', feeBps: 10, slippageBps: 5, qtyPrecision: 4, intervalMinutes: 1 });
    // The signal on the last close has no next bar in either run.
    const [account] = await infra.db.select().from(paperAccounts).where(eq(paperAccounts.userId, user.id));
    const live = await infra.db.select().from(fills).where(eq(fills.accountId, account!.id)).orderBy(asc(fills.createdAt), asc(fills.id));
    expect(expected.fills.length).toBeGreaterThan(6);
    expect(live.map((f) => f.side)).toEqual(expected.fills.map((f) => f.side));
    // Six price decimals: the paper model's slipped price needs no rounding, so prices are equal exactly.
    expect(live.map((f) => new Money(f.price).toFixed())).toEqual(expected.fills.map((f) => f.price.toFixed()));
    // The paper model rounds each fee up to the cent where the backtest keeps it exact: on ~10,000 of cash the
    // bot's cash drifts by < 1e-6 per fill (and one 0.0001 step of ~100 per fill), so quantities agree exactly at
    // first and within 2e-6 per fill so far after.
    expect(new Money(live[0]!.qty).toFixed()).toBe(expected.fills[0]!.qty.toFixed());
    live.forEach((f, k) => expect(Math.abs(Number(f.qty) / expected.fills[k]!.qty.toNumber() - 1)).toBeLessThan((k + 1) * 2e-6));
    // Same bars: each order was decided on the close before the backtest's fill bar.
    const log = await listBotDecisions(infra.db, user.id, { id: bot.id, limit: 200 });
    const decided = log.data.toReversed();
    expect(decided.every((d) => d.orderId !== null && d.error === null)).toBe(true);
    expect(decided.map((d) => d.t + MINUTE)).toEqual(expected.fills.map((f) => f.t));
  });

  it('pauses itself after N rejected orders in a row and says why', async () => {
    // A budget over the account's max order notional (50,000): every all-in entry is refused by account risk.
    const rising = randomWalkSeries(30, 3);
    const user = await insertUser(infra);
    const clock = manualClock(rising.t[0]!);
    const deps = tradingDeps(infra, clock.clock);
    const bot = await createBot(
      infra.db,
      user.id,
      createBotInput.parse({ name: 'greedy', strategy: 'dca', params: { amount: '60000', everyBars: 1 }, symbol: 'PAR', interval: '1m', budget: '60000', limits: { maxRejections: 2 } }),
    );
    await setBotStatus(infra.db, user.id, bot.id, 'start');
    const runner = createBotRunner(deps);
    await runner.runOnce();
    await replay(rising, clock, () => runner.runOnce());

    const after = await ownBot(infra.db, user.id, bot.id);
    expect(after.status).toBe('paused');
    expect(after.statusReason, after.statusReason ?? '').toMatch(/^Paused after 2 rejected orders in a row; last: .*one order may be worth at most 50,000(\.00)? USD/);
    const log = await listBotDecisions(infra.db, user.id, { id: bot.id, limit: 50 });
    expect(log.data).toHaveLength(2); // nothing more once paused
    expect(log.data.every((d) => d.error !== null && d.signal === 'buy 60000')).toBe(true);
  });

  it('keeps its own limits: position notional caps the buy, orders per hour stop further orders', async () => {
    const flat = randomWalkSeries(8, 5);
    const user = await insertUser(infra);
    const clock = manualClock(flat.t[0]!);
    const deps = tradingDeps(infra, clock.clock);
    const bot = await createBot(
      infra.db,
      user.id,
      createBotInput.parse({
        name: 'capped', strategy: 'dca', params: { amount: '300', everyBars: 1 }, symbol: 'PAR', interval: '1m',
        limits: { maxPositionNotional: '500', maxOrdersPerHour: 3 },
      }),
    );
    await setBotStatus(infra.db, user.id, bot.id, 'start');
    const runner = createBotRunner(deps);
    await runner.runOnce();
    await replay(flat, clock, () => runner.runOnce());

    const log = (await listBotDecisions(infra.db, user.id, { id: bot.id, limit: 50 })).data.toReversed();
    // Close 0 warms up; closes 1–3 buy, each sized to the room left under 500 at the latest price; closes 4–7
    // find three orders in the last hour.
    expect(log.map((d) => (d.orderId ? 'order' : d.error))).toEqual(['order', 'order', 'order', ...Array(4).fill('Bot limit: 3 orders per hour')]);
    const [account] = await infra.db.select().from(paperAccounts).where(eq(paperAccounts.userId, user.id));
    const live = await infra.db.select().from(fills).where(eq(fills.accountId, account!.id)).orderBy(asc(fills.createdAt), asc(fills.id));
    // 300 / (100.63 × 1.0005 × 1.001) → 2.9767 at 100.63; room 500 − 2.9767 × 101.07 = 199.144931 → 1.9674 at 101.07;
    // room 500 − 4.9441 × 100.52 = 3.0087 → 0.0299 at 100.52.
    expect(live.map((f) => new Money(f.qty).toFixed())).toEqual(['2.9767', '1.9674', '0.0299']);
    expect(new Money('4.974').mul('100.52').toNumber()).toBeLessThanOrEqual(500);
    expect((await ownBot(infra.db, user.id, bot.id)).status).toBe('running');
  });

  it('pauses at its daily loss limit (equity marked at the latest price against the day’s first decision)', async () => {
    // Falling 2 a minute from 100: bought 1000 worth at 98, equity falls by ~20 per minute on ~10 units.
    const falling = seriesFromRows(
      Array.from({ length: 6 }, (_, i) => {
        const p = String(100 - 2 * i);
        return { t: Date.UTC(2026, 0, 6, 9, i), o: p, h: p, l: p, c: p, v: '1' };
      }),
    );
    const user = await insertUser(infra);
    const clock = manualClock(falling.t[0]!);
    const bot = await createBot(
      infra.db,
      user.id,
      createBotInput.parse({
        name: 'cautious', strategy: 'dca', params: { amount: '1000', everyBars: 1 }, symbol: 'PAR', interval: '1m', budget: '5000',
        limits: { maxDailyLoss: '25' },
      }),
    );
    await setBotStatus(infra.db, user.id, bot.id, 'start');
    const runner = createBotRunner(tradingDeps(infra, clock.clock));
    await runner.runOnce();
    await replay(falling, clock, () => runner.runOnce());

    const after = await ownBot(infra.db, user.id, bot.id);
    expect(after.status).toBe('paused');
    expect(after.statusReason).toBe('Paused: the daily loss limit (25) was reached');
    const log = (await listBotDecisions(infra.db, user.id, { id: bot.id, limit: 50 })).data.toReversed();
    // Close 1 buys at 96 (day start 5000); close 2: ~10.4 units lost 2 each plus fees, ~22 < 25 → buys again;
    // close 3: ~20.8 units lost 2 more → past 25, no order, paused.
    expect(log.map((d) => (d.orderId ? 'order' : d.error))).toEqual(['order', 'order', 'Bot limit: daily loss reached']);
  });
});
