import { describe, expect, it } from 'vitest';
import { maxDrawdown, performance } from '@/server/services/trading/analytics';

const DAY = 86_400_000;
const curve = (equities: number[]) => equities.map((equity, i) => ({ ts: i * DAY, equity }));

describe('performance analytics', () => {
  it('max drawdown is the deepest fall from a running peak', () => {
    expect(maxDrawdown(curve([100, 120, 90, 130, 117]))).toBeCloseTo(0.25); // 120 → 90
    expect(maxDrawdown(curve([100, 101, 102]))).toBe(0);
    expect(maxDrawdown(curve([100]))).toBeNull();
  });

  it('time-weighted return chains the period returns', () => {
    expect(performance(curve([100, 110, 99])).timeWeightedReturn).toBeCloseTo(-0.01);
  });

  it('Sharpe and Sortino annualise daily returns; Sortino is null without a losing period', () => {
    const p = performance(curve([100, 101, 100.5, 102, 101.8]));
    const returns = [0.01, 100.5 / 101 - 1, 102 / 100.5 - 1, 101.8 / 102 - 1];
    const mean = returns.reduce((a, b) => a + b) / returns.length;
    const sd = Math.sqrt(returns.reduce((a, r) => a + (r - mean) ** 2, 0) / (returns.length - 1));
    expect(p.sharpe).toBeCloseTo((mean / sd) * Math.sqrt(365.25), 6);
    expect(p.sortino).toBeGreaterThan(p.sharpe!);
    expect(performance(curve([100, 101, 102])).sortino).toBeNull();
  });
});
