import { describe, expect, it } from 'vitest';
import { backtestInput, sweepInput } from '@/contracts/bots';
import { runBacktest } from '@/server/services/bots/backtest/run-backtest';
import { seriesFromRows } from '@/server/services/bots/backtest/series';

const closes = (cs: number[]) =>
  seriesFromRows(cs.map((c, i) => ({ t: i * 60_000, o: String(c), h: String(c), l: String(c), c: String(c), v: '1' })));
const costs = { initialCash: '1000', feeBps: 0, slippageBps: 0, qtyPrecision: 4, intervalMinutes: 1 };

function fieldErrors(input: unknown, schema: typeof backtestInput | typeof sweepInput = backtestInput) {
  const parsed = schema.safeParse(input);
  expect(parsed.success).toBe(false);
  return Object.fromEntries(parsed.error!.issues.map((i) => [i.path.join('.'), i.message]));
}

const base = { symbol: 'BTC', interval: '1h', from: '2025-01-01T00:00:00Z', to: '2025-02-01T00:00:00Z' };

describe('strategy params: cross-field rules with field details', () => {
  it('refuses slow ≤ fast, levels < 2, lower ≥ upper, buyBelow ≥ sellAbove, unknown strategies', () => {
    expect(fieldErrors({ ...base, strategy: 'sma_cross', params: { fast: 20, slow: 20 } })).toEqual({
      'params.slow': 'slow must be greater than fast',
    });
    expect(fieldErrors({ ...base, strategy: 'grid', params: { lower: '100', upper: '200', levels: 1 } })).toEqual({
      'params.levels': 'levels must be at least 2',
    });
    expect(fieldErrors({ ...base, strategy: 'grid', params: { lower: '200', upper: '100', levels: 5 } })).toEqual({
      'params.upper': 'upper must be greater than lower',
    });
    expect(fieldErrors({ ...base, strategy: 'rsi', params: { period: 14, buyBelow: 70, sellAbove: 30 } })).toEqual({
      'params.sellAbove': 'sellAbove must be greater than buyBelow',
    });
    expect(fieldErrors({ ...base, strategy: 'martingale', params: {} })).toHaveProperty('strategy');
  });

  it('refuses from ≥ to and ranges over five years', () => {
    const p = { strategy: 'sma_cross', params: { fast: 5, slow: 20 } };
    expect(fieldErrors({ ...base, ...p, to: base.from })).toEqual({ to: 'to must be after from' });
    expect(fieldErrors({ ...base, ...p, from: '2019-01-01T00:00:00Z', to: '2025-01-01T00:00:00Z' })).toEqual({
      to: 'A backtest covers at most 5 years',
    });
  });

  it('fills in the documented defaults', () => {
    const ok = backtestInput.parse({ ...base, strategy: 'dca', params: { amount: '100', everyBars: 24 } });
    expect(ok).toMatchObject({ initialCash: '10000', feeBps: 10, slippageBps: 5, params: { amount: '100', everyBars: 24 } });
  });

  it('sweeps: at most 100 combinations; combinations breaking slow > fast are skipped', () => {
    const ok = sweepInput.parse({ ...base, strategy: 'sma_cross', grid: { fast: [5, 10, 20], slow: [10, 20, 50] } });
    expect(ok.params).toEqual([
      { fast: 5, slow: 10 },
      { fast: 5, slow: 20 },
      { fast: 5, slow: 50 },
      { fast: 10, slow: 20 },
      { fast: 10, slow: 50 },
      { fast: 20, slow: 50 },
    ]);
    const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
    expect(fieldErrors({ ...base, strategy: 'sma_cross', grid: { fast: range(11), slow: range(10).map((x) => x + 20) } }, sweepInput).grid).toMatch(
      /at most 100 combinations \(this grid has 110\)/,
    );
  });
});

describe('built-in strategies decide on closes as documented', () => {
  it('rsi goes long below buyBelow and flat above sellAbove', () => {
    const decisions: (string | null)[] = [];
    // period 2: RSI 0 after two falls, 100 after two rises.
    runBacktest(closes([10, 9, 8, 9, 10, 11]), 'rsi', { period: 2, buyBelow: 30, sellAbove: 70 }, {
      ...costs,
      onDecision: (_i, t) => decisions.push(t?.kind ?? null),
    });
    expect(decisions).toEqual([null, null, 'long', null, 'flat', 'flat']);
  });

  it('grid buys a downward level cross and sells at the next level up', () => {
    const r = runBacktest(closes([125, 105, 100, 110, 121, 119, 99]), 'grid', { lower: '100', upper: '140', levels: 5 }, costs);
    // Levels 100, 110, 120, 130, 140: 125 → 105 crosses 120 and 110; the lower one (110) is the entry level, bought
    // at the next open (100); the close of 121 reaches the level above it (120) → sold at the next open (119).
    expect(r.trades.map((t) => [t.entryPrice, t.exitPrice])).toEqual([['100', '119']]);
  });

  it('dca buys its amount every N bars and takes profit over the average entry', () => {
    const r = runBacktest(closes([100, 100, 80, 80, 80, 120, 120]), 'dca', { amount: '100', everyBars: 2, takeProfitPct: 20 }, costs);
    // Buys decided at bars 0, 2, 4 fill at bars 1 (100), 3 (80) and 5 (120: ⌊100/120⌋ to 4 places = 0.8333); the
    // average after two buys is 88.89, so bar 4's close (80) is no take-profit. After the third buy the average is
    // 97.30 and the target 116.77: bar 5's close (120) reaches it → everything sold at bar 6's open.
    expect(r.fills.map((f) => [f.side, f.qty.toFixed(), f.price.toFixed()])).toEqual([
      ['buy', '1', '100'],
      ['buy', '1.25', '80'],
      ['buy', '0.8333', '120'],
      ['sell', '3.0833', '120'],
    ]);
  });
});
