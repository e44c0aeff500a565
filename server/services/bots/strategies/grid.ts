import { gridParams } from '@/contracts/bots';
import type { Strategy } from './types';

interface GridState {
  levels: number[];
  /** null before the first close (state is JSON, which has no NaN). */
  prevClose: number | null;
  /** Index of the level bought at while long; -1 when flat. */
  entryLevel: number;
}

/**
 * A one-slot grid on evenly spaced levels from `lower` to `upper`. Flat: buy when a close crosses a level
 * downwards (previous close above it, this one at or below; the lowest such level counts). Long: sell when a close reaches the level above
 * the one bought at, or falls below `lower` (the grid is broken). Like every strategy it decides on the close
 * and fills at the next open, so backtests and live bots share one fill model (no intrabar limit fills).
 */
export const grid: Strategy<{ lower: string; upper: string; levels: number }, GridState> = {
  name: 'grid',
  params: gridParams,
  init(p) {
    const lower = Number(p.lower);
    const step = (Number(p.upper) - lower) / (p.levels - 1);
    return { levels: Array.from({ length: p.levels }, (_, k) => lower + k * step), prevClose: null, entryLevel: -1 };
  },
  onCandle(candle, state, position) {
    const prev = state.prevClose;
    const close = candle.close;
    state.prevClose = close;
    const { levels } = state;
    if (position.qty > 0 && state.entryLevel >= 0) {
      const target = levels[Math.min(state.entryLevel + 1, levels.length - 1)]!;
      if (close >= target) {
        state.entryLevel = -1;
        return { kind: 'flat', reason: `close reached grid level ${target}` };
      }
      if (close < levels[0]!) {
        state.entryLevel = -1;
        return { kind: 'flat', reason: `close fell below the grid (${levels[0]})` };
      }
      return null;
    }
    if (prev === null) return null;
    // The lowest level this close crossed downwards (the one just above it): the grid sells one level up from
    // there. The top level has nothing above it to sell at.
    for (let k = 0; k < levels.length - 1; k++) {
      const level = levels[k]!;
      if (prev > level && close <= level) {
        state.entryLevel = k;
        return { kind: 'long', reason: `close crossed grid level ${level} downwards` };
      }
    }
    return null;
  },
};
