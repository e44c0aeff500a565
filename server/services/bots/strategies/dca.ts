import { dcaParams } from '@/contracts/bots';
import type { Strategy } from './types';

interface DcaState {
  amount: string;
  everyBars: number;
  takeProfitPct: number | null;
  bars: number;
}

/**
 * Dollar-cost averaging: buys `amount` of quote currency on the first close and every `everyBars` closes after;
 * with `takeProfitPct`, sells everything when a close is that far above the average entry (checked first).
 */
export const dca: Strategy<{ amount: string; everyBars: number; takeProfitPct?: number }, DcaState> = {
  name: 'dca',
  params: dcaParams,
  init: (p) => ({ amount: p.amount, everyBars: p.everyBars, takeProfitPct: p.takeProfitPct ?? null, bars: 0 }),
  onCandle(candle, state, position) {
    const due = state.bars % state.everyBars === 0;
    state.bars++;
    if (state.takeProfitPct !== null && position.qty > 0) {
      const target = position.avgEntry * (1 + state.takeProfitPct / 100);
      if (candle.close >= target) return { kind: 'flat', reason: `take profit: close ${candle.close} ≥ ${target}` };
    }
    return due ? { kind: 'buy', quote: state.amount, reason: `scheduled buy of ${state.amount}` } : null;
  },
};
