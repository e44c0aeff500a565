/**
 * Simple moving average over the last `period` values, streaming: O(1) per value with a ring buffer and a
 * running sum. The state is plain JSON (a live bot persists it between restarts).
 */
export interface SmaState {
  period: number;
  window: number[];
  next: number;
  count: number;
  sum: number;
}

export function smaInit(period: number): SmaState {
  return { period, window: new Array<number>(period).fill(0), next: 0, count: 0, sum: 0 };
}

/** Adds `value`; answers the average once `period` values were seen, NaN before. */
export function smaUpdate(s: SmaState, value: number): number {
  if (s.count === s.period) s.sum -= s.window[s.next]!;
  else s.count++;
  s.window[s.next] = value;
  s.sum += value;
  s.next = s.next + 1 === s.period ? 0 : s.next + 1;
  return s.count === s.period ? s.sum / s.period : NaN;
}
