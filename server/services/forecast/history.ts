import { AppError } from '@/server/errors';

/** Fewest returns a forecast is made from: below this a variance estimate is mostly noise. */
export const MIN_RETURNS = 100;

export interface ClosePoint {
  /** Bucket start, epoch ms. */
  t: number;
  close: number;
}

export interface PriceHistory {
  /** Bucket starts of the contiguous trailing run used, oldest first. */
  times: number[];
  closes: number[];
  /** Log returns between consecutive closes (length closes − 1). */
  returns: number[];
}

function insufficient(message: string, details: Record<string, unknown>): AppError {
  return new AppError('UNPROCESSABLE', message, { reason: 'INSUFFICIENT_HISTORY', details });
}

/**
 * The trailing run of candles with no missing bucket, as closes and log returns. A gap (a bucket with no
 * trades, a feed outage) would make one "return" span several steps and overstate volatility, so history
 * before the latest gap is not used. Throws INSUFFICIENT_HISTORY when that run is too short, a close is not
 * a positive finite number, or prices never moved (zero variance: no band could be honest).
 */
export function priceHistory(points: readonly ClosePoint[], intervalMs: number, minReturns = MIN_RETURNS): PriceHistory {
  let start = points.length - 1;
  while (start > 0 && points[start]!.t - points[start - 1]!.t === intervalMs) start--;
  const run = points.slice(Math.max(0, start));
  if (run.some((p) => !(Number.isFinite(p.close) && p.close > 0))) {
    throw insufficient('The price history holds a close that is not a positive number', { candles: points.length });
  }
  if (run.length - 1 < minReturns) {
    const gapped = run.length < points.length;
    throw insufficient(
      gapped
        ? `Only ${run.length} candles since the last gap in the history; a forecast needs ${minReturns + 1} in a row`
        : `Only ${run.length} candles of history; a forecast needs ${minReturns + 1}`,
      { candles: run.length, needed: minReturns + 1, gapped },
    );
  }
  const closes = run.map((p) => p.close);
  const returns = closes.slice(1).map((c, i) => Math.log(c / closes[i]!));
  if (returns.every((r) => r === 0)) {
    throw insufficient('Prices have not moved over the history: there is no volatility to forecast from', { candles: run.length });
  }
  return { times: run.map((p) => p.t), closes, returns };
}
