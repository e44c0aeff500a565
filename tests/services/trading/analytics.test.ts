import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxDrawdown, performance } from '@/server/services/trading/analytics';

const DAY = 86_400_000;
const curve = (equities: number[], step = DAY) => equities.map((equity, i) => ({ ts: i * step, equity }));

describe('performance analytics', () => {
  it('max drawdown is the deepest fall from a running peak', () => {
    expect(maxDrawdown(curve([100, 120, 90, 130, 117]))).toBeCloseTo(0.25); // 120 → 90
    expect(maxDrawdown(curve([100, 101, 102]))).toBe(0);
    expect(maxDrawdown(curve([100]))).toBeNull();
  });

  it('time-weighted return is the chained period returns (no cash flows between resets)', () => {
    expect(performance(curve([100, 110, 99])).timeWeightedReturn).toBeCloseTo(-0.01);
  });

  it('Sharpe and Sortino annualise daily returns over at least a week; Sortino is null without a losing period', () => {
    const p = performance(curve([100, 101, 100.5, 102, 101.8, 102.5, 102.4, 103]));
    const eq = [100, 101, 100.5, 102, 101.8, 102.5, 102.4, 103];
    const returns = eq.slice(1).map((e, i) => e / eq[i]! - 1);
    const mean = returns.reduce((a, b) => a + b) / returns.length;
    const sd = Math.sqrt(returns.reduce((a, r) => a + (r - mean) ** 2, 0) / (returns.length - 1));
    expect(p.sharpe).toBeCloseTo((mean / sd) * Math.sqrt(365.25), 6);
    expect(p.sortino).toBeGreaterThan(p.sharpe!);
    expect(p.ratiosNote).toBeNull();
    const rising = performance(curve([100, 101, 102, 103, 104, 105, 106, 107]));
    expect(rising.sortino).toBeNull();
    expect(rising.ratiosNote).toMatch(/losing period/);
  });

  it('minutes of history give no annualised ratios, with the reason, instead of a Sharpe of 120', () => {
    // The reported case: a few minutes after the first trades, P&L −62 on 100,000.
    const p = performance(curve([100_000, 100_010, 99_990, 100_005, 99_938], 60_000));
    expect([p.sharpe, p.sortino]).toEqual([null, null]);
    expect(p.ratiosNote).toBe('Needs at least 7 days of history (4 min so far)');
    expect(p.timeWeightedReturn).toBeLessThan(0);
    expect(p.maxDrawdown).toBeGreaterThan(0);
  });

  it('property: with no cash flows the TWR has the sign of the P&L', () => {
    const equities = fc.array(fc.integer({ min: 1, max: 10_000_000 }), { minLength: 1, maxLength: 50 });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), equities, fc.integer({ min: 1, max: 30 * DAY }), (initial, rest, step) => {
        const points = curve([initial, ...rest].map((c) => c / 100), step);
        const pnl = points[points.length - 1]!.equity - points[0]!.equity;
        const twr = performance(points).timeWeightedReturn!;
        expect(Math.sign(twr)).toBe(Math.sign(pnl));
      }),
    );
  });
});
