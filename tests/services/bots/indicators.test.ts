import { describe, expect, it } from 'vitest';
import { rsiInit, rsiUpdate } from '@/server/services/bots/indicators/rsi';
import { smaInit, smaUpdate } from '@/server/services/bots/indicators/sma';

describe('streaming indicators', () => {
  it('SMA answers only once the window is full, then the mean of the last `period` values', () => {
    const s = smaInit(3);
    expect([1, 2, 3, 4, 5, 10].map((v) => smaUpdate(s, v))).toEqual([NaN, NaN, 2, 3, 4, 19 / 3]);
  });

  it('RSI uses Wilder smoothing after a simple-mean seed (period + 1 closes for the first value)', () => {
    const s = rsiInit(2);
    // changes +1, −1 → seed gain 0.5, loss 0.5 → 50; +2 → gain (0.5+2)/2 = 1.25, loss 0.25 → 100 − 100/6;
    // 0 → gain 0.625, loss 0.125 → the same RS of 5.
    const out = [10, 11, 10, 12, 12].map((c) => rsiUpdate(s, c));
    expect(out.slice(0, 2)).toEqual([NaN, NaN]);
    expect(out[2]).toBeCloseTo(50, 12);
    expect(out[3]).toBeCloseTo(100 - 100 / 6, 12);
    expect(out[4]).toBeCloseTo(100 - 100 / 6, 12);
  });

  it('RSI is 100 after only gains and 50 on a flat line', () => {
    const up = rsiInit(3);
    expect([1, 2, 3, 4, 5].map((c) => rsiUpdate(up, c)).at(-1)).toBe(100);
    const flat = rsiInit(3);
    expect([7, 7, 7, 7].map((c) => rsiUpdate(flat, c)).at(-1)).toBe(50);
  });
});
