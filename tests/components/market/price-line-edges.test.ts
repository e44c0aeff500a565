import { describe, expect, it } from 'vitest';
import { edgeLabels, priceAtClick } from '@/components/market/price-line-edges';
import { formatPrice } from '@/components/market/price-format';

// A price scale showing 90..110 over 200 px: 110 at the top (y = 0), 90 at the bottom (y = 200).
const toY = (p: number) => ((110 - p) / 20) * 200;
const fmt = (p: number) => formatPrice(p, 2);
const line = (id: string, price: string, title = id) => ({ id, price, title, color: '#16a34a' });

describe('edgeLabels', () => {
  it('pins lines above the scale to the top and below it to the bottom, farthest on the edge; visible lines get none', () => {
    const labels = edgeLabels(
      [line('inside', '100'), line('far-above', '250', 'sell 1 limit'), line('above', '120', 'sell 2 stop'), line('below', '50', 'buy 1 limit'), line('edge', '110'), line('far-below', '10', 'avg')],
      toY,
      200,
      fmt,
    );
    expect(labels).toEqual([
      { id: 'far-above', edge: 'top', slot: 0, text: '▲ sell 1 limit 250.00', color: '#16a34a' },
      { id: 'above', edge: 'top', slot: 1, text: '▲ sell 2 stop 120.00', color: '#16a34a' },
      { id: 'far-below', edge: 'bottom', slot: 0, text: '▼ avg 10.00', color: '#16a34a' },
      { id: 'below', edge: 'bottom', slot: 1, text: '▼ buy 1 limit 50.00', color: '#16a34a' },
    ]);
  });

  it('formats a tiny price in the asset style, and gives nothing before the scale exists', () => {
    const tinyY = (p: number) => (p > 0.00002 ? -10 : 50);
    expect(edgeLabels([line('a', '0.00003', 'avg')], tinyY, 100, (p) => formatPrice(p, 8))[0]!.text).toBe('▲ avg 0.0₄3');
    expect(edgeLabels([line('a', '120')], () => null, 200, fmt)).toEqual([]);
    expect(edgeLabels([line('a', '120')], toY, 0, fmt)).toEqual([]);
  });
});

describe('priceAtClick', () => {
  it('rounds to the asset precision as a plain decimal, and refuses nothing-prices', () => {
    expect(priceAtClick(97250.123456, 2)).toBe('97250.12');
    expect(priceAtClick(97250.001, 2)).toBe('97250');
    expect(priceAtClick(0.0000192449, 8)).toBe('0.00001924');
    expect(priceAtClick(0.000000001, 8)).toBeNull();
    expect(priceAtClick(-5, 2)).toBeNull();
    expect(priceAtClick(null, 2)).toBeNull();
  });
});
