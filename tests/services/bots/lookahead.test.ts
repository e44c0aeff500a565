import { describe, expect, it } from 'vitest';
import { STRATEGY_NAMES, type StrategyName } from '@/contracts/bots';
import { runBacktest } from '@/server/services/bots/backtest/run-backtest';
import { truncateSeries, type CandleSeries } from '@/server/services/bots/backtest/series';
import { randomWalkSeries } from '../../support/candle-series';

/**
 * The lookahead guard (freqtrade's lookahead-analysis idea): a decision at bar i may depend on bars 0..i only.
 * So running on the series cut after bar k must reproduce, bar for bar, every decision and fill of the full
 * run up to k. A strategy that peeks at a later candle gives itself away at some cut.
 */
type Decide = (series: CandleSeries) => { decisions: string[]; fills: string[] };

function firstLookahead(series: CandleSeries, decide: Decide, cuts: number[]): { cut: number; bar: number } | null {
  const full = decide(series);
  for (const cut of cuts) {
    const part = decide(truncateSeries(series, cut));
    for (let i = 0; i < cut; i++) if (part.decisions[i] !== full.decisions[i]) return { cut, bar: i };
    const fillsBeforeCut = full.fills.filter((f) => Number(f.split(' ')[0]) < series.t[cut]!);
    expect(part.fills).toEqual(fillsBeforeCut);
  }
  return null;
}

const PARAMS: Record<StrategyName, unknown> = {
  sma_cross: { fast: 5, slow: 20 },
  rsi: { period: 14, buyBelow: 35, sellAbove: 65 },
  grid: { lower: '90', upper: '110', levels: 11 },
  dca: { amount: '250', everyBars: 15, takeProfitPct: 1 },
};

const viaBacktest =
  (name: StrategyName): Decide =>
  (series) => {
    const decisions: string[] = [];
    const result = runBacktest(series, name, PARAMS[name], {
      initialCash: '10000',
      feeBps: 10,
      slippageBps: 5,
      qtyPrecision: 6,
      intervalMinutes: 1,
      onDecision: (i, t) => (decisions[i] = t ? `${t.kind} ${t.reason}` : '-'),
    });
    return { decisions, fills: result.fills.map((f) => `${f.t} ${f.side} ${f.qty.toFixed()} ${f.price.toFixed()}`) };
  };

const series = randomWalkSeries(3000, 7);
// Random cut points, seeded so a failure can be replayed.
const cuts = Array.from({ length: 25 }, (_, i) => 1 + ((i * 2654435761) % (series.length - 1)));

describe('lookahead guard', () => {
  it.each(STRATEGY_NAMES)('%s decides from the past only', (name) => {
    const full = viaBacktest(name)(series);
    // The series must exercise the strategy: it trades, so equal prefixes are not trivially equal.
    expect(full.fills.length).toBeGreaterThan(4);
    expect(firstLookahead(series, viaBacktest(name), cuts)).toBeNull();
  });

  it('catches a strategy that peeks at the next close', () => {
    // Reads bar i + 1 when it exists: exactly the bug the guard is for.
    const peeking: Decide = (s) => ({
      decisions: Array.from({ length: s.length }, (_, i) => (i + 1 < s.length && s.close[i + 1]! > s.close[i]! ? 'long' : 'flat')),
      fills: [],
    });
    expect(firstLookahead(series, peeking, cuts)).not.toBeNull();
  });
});
