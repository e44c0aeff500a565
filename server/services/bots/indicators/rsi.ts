/**
 * Wilder's RSI, streaming. The first average gain and loss are the simple means of the first `period`
 * changes; after that each is smoothed as avg = (avg × (period − 1) + x) / period. So the first value needs
 * period + 1 closes. RSI = 100 − 100 / (1 + avgGain / avgLoss); 100 when there was no loss at all.
 */
export interface RsiState {
  period: number;
  /** The previous close; null before the first (state is JSON, which has no NaN). */
  prev: number | null;
  changes: number;
  avgGain: number;
  avgLoss: number;
}

export function rsiInit(period: number): RsiState {
  return { period, prev: null, changes: 0, avgGain: 0, avgLoss: 0 };
}

/** Adds a close; answers the RSI once it is defined, NaN before. */
export function rsiUpdate(s: RsiState, close: number): number {
  const prev = s.prev;
  s.prev = close;
  if (prev === null) return NaN;
  const change = close - prev;
  const gain = change > 0 ? change : 0;
  const loss = change < 0 ? -change : 0;
  s.changes++;
  if (s.changes <= s.period) {
    // Seeding: accumulate sums, turned into means on the period-th change.
    s.avgGain += gain;
    s.avgLoss += loss;
    if (s.changes < s.period) return NaN;
    s.avgGain /= s.period;
    s.avgLoss /= s.period;
  } else {
    s.avgGain = (s.avgGain * (s.period - 1) + gain) / s.period;
    s.avgLoss = (s.avgLoss * (s.period - 1) + loss) / s.period;
  }
  if (s.avgLoss === 0) return s.avgGain === 0 ? 50 : 100;
  return 100 - 100 / (1 + s.avgGain / s.avgLoss);
}
