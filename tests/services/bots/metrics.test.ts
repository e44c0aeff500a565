import { describe, expect, it } from 'vitest';
import { cagr, computeMetrics, maxDrawdown, profitFactor, sharpeRatio, sortinoRatio } from '@/server/services/bots/backtest/metrics';
import { Money } from '@/server/services/trading/money';

const YEAR_MS = 525_600 * 60_000;

describe('backtest metrics (PRODUCT.md §6), against hand-computed values', () => {
  it('max drawdown is the deepest fall from a running peak that starts at the initial cash', () => {
    // Peaks 120 → 90 is 25 %, then 130 → 65 is 50 %.
    expect(maxDrawdown([100, 120, 90, 130, 65], 100)).toBeCloseTo(0.5, 15);
    // Starting below the initial cash is a drawdown too.
    expect(maxDrawdown([80, 90], 100)).toBeCloseTo(0.2, 15);
    expect(maxDrawdown([100, 110, 120], 100)).toBe(0);
  });

  it('Sharpe: mean / sample sd × √N, with N = 525,600 / interval minutes (24/7 markets)', () => {
    // r = 1 %, −1 %, 2 %, 0: mean 0.005; squared deviations sum 0.0005 → sample sd √(0.0005/3) = 0.0129099.
    // 0.005 / 0.0129099 = 0.3872983; hourly bars: N = 8760, √N = 93.59487 → 36.2491.
    const r = [0.01, -0.01, 0.02, 0];
    expect(sharpeRatio(r, 525_600 / 60)).toBeCloseTo(36.2491, 3);
    // Daily bars: N = 365, √365 = 19.10497 → 7.3993.
    expect(sharpeRatio(r, 525_600 / 1440)).toBeCloseTo(7.3993, 3);
    expect(sharpeRatio([0.01, 0.01], 365)).toBeNull();
  });

  it('Sortino: mean / √mean(min(r,0)²) × √N', () => {
    // Downside: only −1 % → mean of squares 0.0001 / 4 = 0.000025 → 0.005; mean 0.005 → ratio 1 → √8760 = 93.5949.
    expect(sortinoRatio([0.01, -0.01, 0.02, 0], 8760)).toBeCloseTo(93.5949, 3);
    expect(sortinoRatio([0.01, 0.02], 8760)).toBeNull();
  });

  it('CAGR over the calendar span: doubling in two years is √2 − 1 a year', () => {
    expect(cagr(100, 200, 2 * YEAR_MS)).toBeCloseTo(0.414214, 6);
    expect(cagr(100, 50, YEAR_MS / 2)).toBeCloseTo(-0.75, 12);
    expect(cagr(100, 0, YEAR_MS)).toBe(-1);
  });

  it('profit factor is gross win / gross loss, null without a loss', () => {
    const pnl = ['30', '-10', '20', '-5'].map((v) => new Money(v));
    expect(profitFactor(pnl)!.toDecimalPlaces(6).toFixed()).toBe('3.333333');
    expect(profitFactor([new Money('5')])).toBeNull();
  });

  it('puts them together: win rate, expectancy, exposure, Calmar', () => {
    const m = computeMetrics({
      equity: [100, 120, 90, 130, 65, 150],
      initialCash: new Money(100),
      finalEquity: new Money(150),
      tradePnl: ['30', '-10', '20', '-5'].map((v) => new Money(v)),
      barsInPosition: 3,
      intervalMinutes: 1440,
      spanMs: YEAR_MS,
    });
    expect(m).toMatchObject({
      totalReturn: '0.5',
      cagr: '0.5',
      maxDrawdown: '0.5',
      calmar: '1',
      winRate: '0.5',
      profitFactor: '3.3333333333',
      expectancy: '8.75',
      exposure: '0.5',
      trades: 4,
    });
  });
});
