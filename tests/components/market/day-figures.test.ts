import { describe, expect, it } from 'vitest';
import { dayFigures } from '@/components/market/day-figures';
import type { DayStats } from '@/components/trpc/outputs';

const stats = {
  symbol: 'BTC',
  name: 'Bitcoin',
  kind: 'crypto',
  price: '100',
  referencePrice: '80',
  changePct: 25,
  pricePrecision: 2,
  high: '110',
  low: '75',
  volume: '12.5',
} as DayStats;

describe('the asset header’s day figures', () => {
  it('shows the stored day until a live price arrives', () => {
    expect(dayFigures(stats, undefined)).toEqual({ last: '100', changePct: 25, high: 110, low: 75 });
  });

  it('measures the live change from the same reference price', () => {
    const f = dayFigures(stats, '72');
    expect(f.last).toBe('72');
    expect(f.changePct).toBeCloseTo(-10);
  });

  it('widens the high or low when the live price leaves the stored range', () => {
    expect(dayFigures(stats, '120')).toMatchObject({ high: 120, low: 75 });
    expect(dayFigures(stats, '70')).toMatchObject({ high: 110, low: 70 });
    expect(dayFigures(stats, '90')).toMatchObject({ high: 110, low: 75 });
  });

  it('has only the live price when the store has no day yet', () => {
    expect(dayFigures(null, '5')).toEqual({ last: '5', changePct: null, high: null, low: null });
  });
});
