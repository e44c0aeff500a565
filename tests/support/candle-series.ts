import { seriesFromRows, type CandleSeries } from '@/server/services/bots/backtest/series';

/** A seeded random walk of 1m candles (mulberry32), prices with 2 decimals: the same series on every run. */
export function randomWalkSeries(bars: number, seed = 42, start = 100): CandleSeries {
  let a = seed >>> 0;
  const random = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rows = [];
  let price = start;
  for (let i = 0; i < bars; i++) {
    const open = price;
    const close = Math.max(1, open * (1 + (random() - 0.5) * 0.02));
    const high = Math.max(open, close) * (1 + random() * 0.003);
    const low = Math.min(open, close) * (1 - random() * 0.003);
    rows.push({ t: Date.UTC(2025, 0, 1) + i * 60_000, o: open.toFixed(2), h: high.toFixed(2), l: low.toFixed(2), c: close.toFixed(2), v: '1' });
    price = Number(close.toFixed(2));
  }
  return seriesFromRows(rows);
}
