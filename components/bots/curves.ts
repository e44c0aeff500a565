import { INTERVAL_MINUTES, type BacktestInterval, type EquityPoint } from '@/contracts/bots';

/** Drawdown at each kept point, drawn below zero: equity / running peak − 1, the peak starting at the initial cash (as the metric). */
export function drawdownCurve(equity: EquityPoint[], initialCash: string): { t: number; value: number }[] {
  let peak = Number(initialCash);
  return equity.map((p) => {
    const value = Number(p.equity);
    peak = Math.max(peak, value);
    return { t: p.t, value: peak > 0 ? value / peak - 1 : 0 };
  });
}

/** A candle as the comparison needs it: bucket start, open and close. */
export interface PriceBar {
  t: number;
  o: string;
  c: string;
}

/**
 * Buying at the first bar's open with all the cash and holding (no fee, no slippage, fractional quantity):
 * the value at each kept point is initialCash × close / first open, the close being that of the candle
 * containing the point (the same bar, or a coarser one when the range has too many bars to fetch).
 */
export function buyAndHoldCurve(equity: EquityPoint[], bars: PriceBar[], initialCash: string): { t: number; value: number }[] {
  const first = bars[0];
  if (!first) return [];
  const cash = Number(initialCash);
  const entry = Number(first.o);
  const out: { t: number; value: number }[] = [];
  let i = 0;
  for (const p of equity) {
    while (i + 1 < bars.length && bars[i + 1]!.t <= p.t) i++;
    if (bars[i]!.t > p.t) continue;
    out.push({ t: p.t, value: (cash * Number(bars[i]!.c)) / entry });
  }
  return out;
}

const INTERVAL_ORDER: BacktestInterval[] = ['1m', '5m', '1h', '1d'];

/** The finest interval, no finer than the backtest's, whose bars over the range fit in `maxBars`. */
export function comparisonInterval(interval: BacktestInterval, spanMs: number, maxBars: number): BacktestInterval {
  const candidates = INTERVAL_ORDER.slice(INTERVAL_ORDER.indexOf(interval));
  return candidates.find((i) => spanMs / (INTERVAL_MINUTES[i] * 60_000) <= maxBars) ?? '1d';
}
