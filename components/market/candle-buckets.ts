import type { CandleBar } from '@/components/trpc/outputs';

export const INTERVALS = ['1m', '5m', '1h', '1d'] as const;
export type Interval = (typeof INTERVALS)[number];

const MS: Record<Interval, number> = { '1m': 60_000, '5m': 300_000, '1h': 3_600_000, '1d': 86_400_000 };

export function bucketStart(ts: number, interval: Interval): number {
  return Math.floor(ts / MS[interval]) * MS[interval];
}

/**
 * Folds a live price into the last bar: the same bucket updates high/low/close, a later bucket opens a new
 * bar. Returns null for a tick older than the last bar (the stored candles already hold it).
 */
export function foldTick(last: CandleBar | undefined, price: string, ts: number, interval: Interval): CandleBar | null {
  const t = bucketStart(ts, interval);
  if (!last || t > last.t) return { t, o: price, h: price, l: price, c: price, v: '0' };
  if (t < last.t) return null;
  const p = Number(price);
  return {
    ...last,
    h: p > Number(last.h) ? price : last.h,
    l: p < Number(last.l) ? price : last.l,
    c: price,
  };
}
