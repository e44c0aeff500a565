import { rsiParams } from '@/contracts/bots';
import { rsiInit, rsiUpdate, type RsiState } from '../indicators/rsi';
import type { Strategy } from './types';

interface RsiStrategyState {
  buyBelow: number;
  sellAbove: number;
  rsi: RsiState;
}

/** Wilder RSI: long when RSI < buyBelow, flat when RSI > sellAbove; no change in between or before RSI exists. */
export const rsi: Strategy<{ period: number; buyBelow: number; sellAbove: number }, RsiStrategyState> = {
  name: 'rsi',
  params: rsiParams,
  init: (p) => ({ buyBelow: p.buyBelow, sellAbove: p.sellAbove, rsi: rsiInit(p.period) }),
  onCandle(candle, state) {
    const value = rsiUpdate(state.rsi, candle.close);
    if (Number.isNaN(value)) return null;
    if (value < state.buyBelow) return { kind: 'long', reason: `RSI ${value.toFixed(2)} below ${state.buyBelow}` };
    if (value > state.sellAbove) return { kind: 'flat', reason: `RSI ${value.toFixed(2)} above ${state.sellAbove}` };
    return null;
  },
};
