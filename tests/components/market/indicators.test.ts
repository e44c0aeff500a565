import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ema, rsi, sma } from '@/components/market/indicators';
import { rsiInit, rsiUpdate } from '@/server/services/bots/indicators/rsi';
import { smaInit, smaUpdate } from '@/server/services/bots/indicators/sma';

const closes = fc.array(fc.double({ min: 0.00001, max: 100_000, noNaN: true }), { minLength: 0, maxLength: 80 });
const period = fc.integer({ min: 1, max: 30 });

function close(a: number[], b: number[]) {
  expect(a.length).toBe(b.length);
  a.forEach((x, i) => (Number.isNaN(x) ? expect(b[i]).toBeNaN() : expect(b[i]).toBeCloseTo(x, 6)));
}

describe('chart indicators draw what the bots compute', () => {
  it('SMA equals the bots’ streaming SMA, bar by bar', () => {
    fc.assert(
      fc.property(closes, period, (cs, n) => {
        const s = smaInit(n);
        close(
          cs.map((c) => smaUpdate(s, c)),
          sma(cs, n),
        );
      }),
    );
  });

  it('RSI equals the bots’ Wilder RSI, bar by bar', () => {
    fc.assert(
      fc.property(closes, period, (cs, n) => {
        const s = rsiInit(n);
        close(
          cs.map((c) => rsiUpdate(s, c)),
          rsi(cs, n),
        );
      }),
    );
  });

  it('EMA starts at the SMA and then leans toward the newest close', () => {
    const e = ema([1, 2, 3, 10, 10], 3);
    expect(e.slice(0, 2).every(Number.isNaN)).toBe(true);
    expect(e[2]).toBe(2);
    expect(e[3]).toBe(6); // 10·½ + 2·½
    expect(e[4]).toBe(8);
  });

  it('RSI is 100 after only rises and 0 after only falls', () => {
    expect(rsi([1, 2, 3, 4], 3).at(-1)).toBe(100);
    expect(rsi([4, 3, 2, 1], 3).at(-1)).toBe(0);
  });
});
