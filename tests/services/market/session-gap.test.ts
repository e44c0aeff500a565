import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Infra } from '@/server/infra/infra';
import { AlertEvaluator } from '@/server/services/alerts/alert-evaluator';
import { latestTickKey, opensNewSession, PRICE_TOPIC, type PriceTick } from '@/server/services/market/price-tick';
import { TradingEngine } from '@/server/services/trading/engine/trading-engine';
import { createTestInfra } from '../../support/infra';
import { insertAsset, manualClock, tradingDeps } from '../../support/trading';

/**
 * An equity's overnight gap is not a move: the circuit breaker and percentage alerts start over when a
 * session opens. Stale status ticks (a source gone quiet, repeating its last price) are not judged at all.
 */
const HOUR = 3_600_000;
const DAY1_OPEN = Date.UTC(2026, 0, 5, 14, 30);
const DAY1_CLOSE = DAY1_OPEN + 6.5 * HOUR;
const DAY2_OPEN = DAY1_OPEN + 24 * HOUR;
const day1 = { open: true, opensAt: DAY1_OPEN, closesAt: DAY1_CLOSE, timeZone: 'America/New_York' };
const day2 = { ...day1, opensAt: DAY2_OPEN, closesAt: DAY2_OPEN + 6.5 * HOUR };
const tick = (symbol: string, price: string, ts: number, session: PriceTick['session'], stale = false): PriceTick => ({
  symbol, price, ts, change24h: null, stale, ageMs: 0, session,
});

describe('opensNewSession', () => {
  it('is true only for the first tick of a session after a tick before it', () => {
    expect(opensNewSession(DAY1_CLOSE - 1, tick('AAPL', '1', DAY2_OPEN + 5, day2))).toBe(true);
    expect(opensNewSession(DAY2_OPEN + 5, tick('AAPL', '1', DAY2_OPEN + 9, day2))).toBe(false);
    expect(opensNewSession(null, tick('AAPL', '1', DAY2_OPEN + 5, day2))).toBe(false);
    expect(opensNewSession(DAY1_CLOSE - 1, tick('BTC', '1', DAY2_OPEN + 5, null))).toBe(false);
    expect(opensNewSession(DAY1_CLOSE - 1, tick('AAPL', '1', DAY2_OPEN - 5, { ...day2, open: false }))).toBe(false);
  });
});

describe('trading engine circuit breaker across the overnight gap', () => {
  let infra: Infra;
  let engine: TradingEngine;
  const time = manualClock(DAY1_CLOSE - HOUR);
  beforeAll(async () => {
    infra = await createTestInfra();
    for (const s of ['GAP', 'IN', 'STL']) await insertAsset(infra, s);
    // A day-long window: without the session rule, the open's jump would count against yesterday's close.
    engine = new TradingEngine(tradingDeps(infra, time.clock), {
      circuitBreaker: { movePct: 10, windowMs: 24 * HOUR, haltMs: HOUR },
      sweepMs: 0,
      snapshotMs: 0,
      resyncMs: 0,
    });
    await engine.start();
  }, 180_000);
  afterAll(async () => {
    await engine.stop();
    await infra.close();
  });
  const push = async (t: PriceTick) => {
    time.set(t.ts);
    await infra.cache.set(latestTickKey(t.symbol), t);
    await infra.bus.publish(PRICE_TOPIC, t);
    await engine.idle();
  };

  it('a 15 % gap at the open does not halt; the same move inside a session does', async () => {
    await push(tick('GAP', '100.00', DAY1_CLOSE - 60_000, day1));
    await push(tick('GAP', '115.00', DAY2_OPEN + 1_000, day2));
    expect(engine.isHalted('GAP')).toBe(false);

    await push(tick('IN', '100.00', DAY2_OPEN + 2_000, day2));
    await push(tick('IN', '115.00', DAY2_OPEN + 3 * HOUR, day2));
    expect(engine.isHalted('IN')).toBe(true);
  });

  it('a stale status tick is not a price move', async () => {
    await push(tick('STL', '100.00', DAY2_OPEN + 10_000, day2));
    await push(tick('STL', '150.00', DAY2_OPEN + 20_000, day2, true));
    expect(engine.isHalted('STL')).toBe(false);
  });
});

describe('percentage alerts across the overnight gap', () => {
  it('resetWindows forgets yesterday, so the open is judged against today only', () => {
    const rule = () => ({
      id: 'up5', userId: 'u1', symbol: 'AAPL', condition: 'moves_up_pct' as const, value: 5, lower: null, upper: null,
      windowMinutes: 1440, frequency: 'every_time' as const, intervalMs: null, cooldownMs: 0, expiresAt: null, lastPrice: null, lastFiredAt: null,
    });
    const withReset = new AlertEvaluator();
    withReset.add(rule());
    withReset.onTick('AAPL', 100, DAY1_CLOSE - 60_000);
    withReset.resetWindows('AAPL');
    expect(withReset.onTick('AAPL', 106, DAY2_OPEN + 1_000).fired).toEqual([]);
    expect(withReset.onTick('AAPL', 112, DAY2_OPEN + 60_000).fired.map((f) => f.rule.id)).toEqual(['up5']); // +5.7 % today

    const without = new AlertEvaluator();
    without.add(rule());
    without.onTick('AAPL', 100, DAY1_CLOSE - 60_000);
    expect(without.onTick('AAPL', 106, DAY2_OPEN + 1_000).fired.map((f) => f.rule.id)).toEqual(['up5']);
  });
});
