import { describe, expect, it } from 'vitest';
import { formatPrice, priceStep } from '@/components/market/price-format';

describe('formatPrice', () => {
  it('uses the asset precision with grouping for ordinary prices', () => {
    expect(formatPrice('97250.5', 2)).toBe('97,250.50');
    expect(formatPrice(0.3812, 5)).toBe('0.38120');
    expect(formatPrice(2.315, 4)).toBe('2.3150');
  });

  it('gives sub-dollar tokens readable, distinct labels instead of 0.00', () => {
    expect(formatPrice(0.00001924, 10)).toBe('0.0₄1924');
    expect(formatPrice(0.0000341, 10)).toBe('0.0₄341');
    expect(formatPrice(0.0002134, 8)).toBe('0.0₃2134');
    // Neighbouring axis ticks of PEPE must not collapse into one label.
    const ticks = [0.0000190, 0.0000191, 0.0000192, 0.0000193].map((p) => formatPrice(p, 10));
    expect(new Set(ticks).size).toBe(4);
    expect(ticks.every((t) => t !== '0.00')).toBe(true);
  });

  it('handles zero, negatives and non-numbers', () => {
    expect(formatPrice(0, 2)).toBe('0.00');
    expect(formatPrice(-0.00001924, 10)).toBe('-0.0₄1924');
    expect(formatPrice('abc', 2)).toBe('—');
  });

  it('steps by one unit of the last decimal', () => {
    expect(priceStep(2)).toBe(0.01);
    expect(priceStep(10)).toBeCloseTo(1e-10, 20);
  });
});

describe('formatPrice rounding at a power of ten', () => {
  it('carries into one fewer zero', () => {
    expect(formatPrice(0.0000099996, 10)).toBe('0.0₄1');
  });
});
