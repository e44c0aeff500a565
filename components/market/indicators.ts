/*
 * Chart indicators over a series of closes, one value per bar (NaN until defined). The definitions are the
 * trading bots' (server/services/bots/indicators): the chart draws what a bot would act on, and
 * tests/components/market/indicators.test.ts holds the two equal.
 */

/** Simple moving average of the last `period` closes. */
export function sma(closes: readonly number[], period: number): number[] {
  let sum = 0;
  return closes.map((c, i) => {
    sum += c;
    if (i >= period) sum -= closes[i - period]!;
    return i + 1 >= period ? sum / period : NaN;
  });
}

/** Exponential moving average, seeded with the SMA of the first `period` closes; weight 2 / (period + 1). */
export function ema(closes: readonly number[], period: number): number[] {
  const k = 2 / (period + 1);
  const seed = sma(closes, period);
  let prev = NaN;
  return closes.map((c, i) => {
    if (i + 1 < period) return NaN;
    prev = i + 1 === period ? seed[i]! : c * k + prev * (1 - k);
    return prev;
  });
}

/** Wilder's RSI: the first averages are simple means of `period` changes, then smoothed by 1 / period. */
export function rsi(closes: readonly number[], period: number): number[] {
  let gain = 0;
  let loss = 0;
  return closes.map((c, i) => {
    if (i === 0) return NaN;
    const change = c - closes[i - 1]!;
    const up = change > 0 ? change : 0;
    const down = change < 0 ? -change : 0;
    if (i < period) {
      gain += up;
      loss += down;
      return NaN;
    }
    if (i === period) {
      gain = (gain + up) / period;
      loss = (loss + down) / period;
    } else {
      gain = (gain * (period - 1) + up) / period;
      loss = (loss * (period - 1) + down) / period;
    }
    if (loss === 0) return gain === 0 ? 50 : 100;
    return 100 - 100 / (1 + gain / loss);
  });
}
