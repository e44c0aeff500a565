import type { StrategyName } from '@/contracts/bots';
import { dca } from './dca';
import { grid } from './grid';
import { rsi } from './rsi';
import { smaCross } from './sma-cross';
import type { Strategy } from './types';

/** The built-in strategies by name (the names `contracts/bots.ts` accepts). */
export const STRATEGIES: Record<StrategyName, Strategy<never, unknown>> = {
  sma_cross: smaCross as Strategy<never, unknown>,
  rsi: rsi as Strategy<never, unknown>,
  grid: grid as Strategy<never, unknown>,
  dca: dca as Strategy<never, unknown>,
};

/** A strategy bound to its params: a fresh state and the decision function. */
export function instantiate(name: StrategyName, params: unknown) {
  const strategy = STRATEGIES[name] as unknown as Strategy<unknown, unknown>;
  return { strategy, state: strategy.init(params) };
}
