import { describe, expect, it } from 'vitest';
import { backoffMs, createTickBatcher, toPlaces } from '@/server/services/market/sources/live-adapter-kit';
import type { SourceTick } from '@/server/services/market/sources/price-source';

describe('toPlaces: a provider number at the asset precision', () => {
  it('cuts Binance zeros and pads short decimals without rounding anything', () => {
    expect(toPlaces('97000.01000000', 2)).toBe('97000.01');
    expect(toPlaces('0.00213000', 5)).toBe('0.00213');
    expect(toPlaces('3400.1', 2)).toBe('3400.10');
    expect(toPlaces('42', 3)).toBe('42.000');
    expect(toPlaces('42.00000000', 0)).toBe('42');
  });

  it('rounds half up when real digits are cut, on strings and on Yahoo floats', () => {
    expect(toPlaces('0.12345678', 5)).toBe('0.12346');
    expect(toPlaces('1.005', 2)).toBe('1.01');
    expect(toPlaces('0.00004999', 4)).toBe('0.0000');
    expect(toPlaces(231.4199981689453, 2)).toBe('231.42');
    expect(toPlaces(189.83999633789062, 2)).toBe('189.84');
    expect(toPlaces(401220, 0)).toBe('401220');
  });

  it('refuses what is not a finite non-negative decimal', () => {
    for (const bad of ['', 'abc', '1e5', '-1.00', '1.2.3', ' 1']) expect(toPlaces(bad, 2)).toBeNull();
    for (const bad of [Number.NaN, Infinity, -0.5]) expect(toPlaces(bad, 2)).toBeNull();
  });
});

describe('backoff and batching', () => {
  it('full jitter stays within min(max, base·2ⁿ)', () => {
    expect(backoffMs(0, 500, 30_000, () => 1)).toBe(500);
    expect(backoffMs(3, 500, 30_000, () => 1)).toBe(4_000);
    expect(backoffMs(10, 500, 30_000, () => 1)).toBe(30_000);
    expect(backoffMs(10, 500, 30_000, () => 0)).toBe(0);
  });

  it('ticks pushed in one turn of the event loop leave as one batch, in order', async () => {
    const batches: SourceTick[][] = [];
    const batcher = createTickBatcher((b) => batches.push(b));
    for (let i = 0; i < 5; i++) batcher.push({ symbol: 'BTC', price: `${i}.00`, volume: '1', ts: i });
    expect(batches).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(batches.map((b) => b.map((t) => t.price))).toEqual([['0.00', '1.00', '2.00', '3.00', '4.00']]);
    batcher.push({ symbol: 'BTC', price: '5.00', volume: '1', ts: 5 });
    batcher.flush();
    expect(batches).toHaveLength(2);
  });
});
