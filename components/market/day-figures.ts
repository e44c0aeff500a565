import type { DayStats } from '@/components/trpc/outputs';

export interface DayFigures {
  last: string | null;
  changePct: number | null;
  high: number | null;
  low: number | null;
}

/**
 * The last 24 hours as stored, moved by the live price: the change is measured from the same reference
 * price, and a live price outside the stored range widens the day's high or low.
 */
export function dayFigures(stats: DayStats | null, live: string | undefined): DayFigures {
  if (!stats) return { last: live ?? null, changePct: null, high: null, low: null };
  if (!live) return { last: stats.price, changePct: stats.changePct, high: Number(stats.high), low: Number(stats.low) };
  const price = Number(live);
  return {
    last: live,
    changePct: (price / Number(stats.referencePrice) - 1) * 100,
    high: Math.max(Number(stats.high), price),
    low: Math.min(Number(stats.low), price),
  };
}
