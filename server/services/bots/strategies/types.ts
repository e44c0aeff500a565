import type { z } from 'zod';
import type { StrategyName } from '@/contracts/bots';

/** A closed candle as strategies see it (floats: signal math only, never the ledger). */
export interface StrategyCandle {
  /** Bucket start, epoch ms. */
  t: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** What the strategy knows of its own position (long-only: qty is 0 or more). */
export interface PositionView {
  qty: number;
  /** Average entry price including slippage; 0 when flat. */
  avgEntry: number;
}

/**
 * What a strategy wants after a close. Strategies are long-only: `long` means all-in (from flat), `flat`
 * means sell everything, `buy` adds `quote` worth (DCA). `null` means "no change". Each is filled at the
 * next bar's open by the execution model; a target already met (long while long) does nothing.
 */
export type Target =
  | { kind: 'long'; reason: string }
  | { kind: 'flat'; reason: string }
  | { kind: 'buy'; quote: string; reason: string };

/**
 * A strategy: a params schema and a streaming decision function. `onCandle` is called once per closed
 * candle, in order, and sees nothing but that candle, its own state (built from earlier candles) and the
 * position — there is no way for it to reach a later candle. State is plain JSON so a live bot can persist it.
 */
export interface Strategy<P, S> {
  name: StrategyName;
  /** Candle fields read beyond open and close; backtests load only these (the others are NaN). */
  reads?: readonly ('high' | 'low' | 'volume')[];
  params: z.ZodType<P, unknown>;
  init(params: P): S;
  onCandle(candle: StrategyCandle, state: S, position: PositionView): Target | null;
}
