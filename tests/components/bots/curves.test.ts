import { describe, expect, it } from 'vitest';
import { buyAndHoldCurve, comparisonInterval, drawdownCurve } from '@/components/bots/curves';

const MIN = 60_000;

describe('backtest chart curves', () => {
  it('drawdown is measured from the running peak, which starts at the initial cash', () => {
    const equity = [
      { t: 0, equity: '900' },
      { t: MIN, equity: '1200' },
      { t: 2 * MIN, equity: '900' },
    ];
    const drawdown = drawdownCurve(equity, '1000').map((p) => p.value);
    [-0.1, 0, -0.25].forEach((expected, i) => expect(drawdown[i]).toBeCloseTo(expected, 12));
  });

  it('buy-and-hold marks the cash bought at the first open at the close of the candle holding each point', () => {
    const bars = [
      { t: 0, o: '100', c: '110' },
      { t: 5 * MIN, o: '110', c: '120' },
    ];
    const equity = [0, MIN, 5 * MIN, 9 * MIN].map((t) => ({ t, equity: '1' }));
    expect(buyAndHoldCurve(equity, bars, '1000').map((p) => [p.t, p.value])).toEqual([
      [0, 1100],
      [MIN, 1100],
      [5 * MIN, 1200],
      [9 * MIN, 1200],
    ]);
  });

  it('compares on the backtest’s own interval when the range fits, on a coarser one otherwise', () => {
    expect(comparisonInterval('1m', 1440 * MIN, 2000)).toBe('1m');
    expect(comparisonInterval('1m', 30 * 1440 * MIN, 2000)).toBe('1h');
    expect(comparisonInterval('1h', 10 * 365 * 1440 * MIN, 2000)).toBe('1d');
  });
});
