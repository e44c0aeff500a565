import type { PriceSource } from './price-source';

/** One closed 1m candle as a real source reports it: epoch-ms bucket start, decimal strings. */
export interface SourceCandle {
  /** The product symbol (BTC), not the source's (BTCUSDT). */
  symbol: string;
  openTime: number;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
}

/** When a symbol that trades in sessions (equities) is open, from the source's own trading period. */
export interface MarketSession {
  open: boolean;
  /** Epoch ms of the current regular session's open and close (the next one's while closed); null if unknown. */
  opensAt: number | null;
  closesAt: number | null;
  /** IANA time zone of the exchange, e.g. America/New_York. */
  timeZone: string | null;
}

/**
 * A real market-data source (Binance, Yahoo, the token aggregator) next to the simulator: the live ticks of
 * `PriceSource`, plus history for backfill after a gap, plus per-symbol health so that a symbol whose source
 * is down is shown stale rather than filled in from somewhere else.
 */
export interface LiveSource extends PriceSource {
  /** Product symbols this source serves. */
  readonly symbols: readonly string[];
  /** Closed 1m candles of `symbol` with `fromMs <= openTime < toMs`, oldest first (paged inside). */
  history(symbol: string, fromMs: number, toMs: number, signal?: AbortSignal): Promise<SourceCandle[]>;
  /** Epoch ms of the last tick this source produced for `symbol`; null when it has none yet. */
  lastTickAt(symbol: string): number | null;
  /** The trading session, for sources of session-traded symbols; null for markets open around the clock. */
  session?(symbol: string): MarketSession | null;
}
