import { smaCrossParams } from '@/contracts/bots';
import { smaInit, smaUpdate, type SmaState } from '../indicators/sma';
import type { Strategy, Target } from './types';

const LONG: Target = { kind: 'long', reason: 'SMA(fast) above SMA(slow)' };
const FLAT: Target = { kind: 'flat', reason: 'SMA(fast) at or below SMA(slow)' };

/** Long while SMA(fast) > SMA(slow), flat otherwise; no opinion until `slow` closes exist. */
export const smaCross: Strategy<{ fast: number; slow: number }, { fast: SmaState; slow: SmaState }> = {
  name: 'sma_cross',
  params: smaCrossParams,
  init: (p) => ({ fast: smaInit(p.fast), slow: smaInit(p.slow) }),
  onCandle(candle, state) {
    const fast = smaUpdate(state.fast, candle.close);
    const slow = smaUpdate(state.slow, candle.close);
    if (Number.isNaN(slow)) return null;
    return fast > slow ? LONG : FLAT;
  },
};
