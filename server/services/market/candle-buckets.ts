import Decimal from 'decimal.js';
import type { CandleInterval } from '@/db/schema/market';
import type { SourceTick } from './sources/price-source';

export const CANDLE_INTERVALS = ['1m', '5m', '1h', '1d'] as const satisfies readonly CandleInterval[];

export const INTERVAL_MS: Record<CandleInterval, number> = {
  '1m': 60_000,
  '5m': 5 * 60_000,
  '1h': 3_600_000,
  '1d': 86_400_000,
};

/** Start of the bucket holding `ts` (UTC-aligned: epoch ms are UTC, and every interval divides a day). */
export const bucketStart = (ts: number, interval: CandleInterval) => ts - (ts % INTERVAL_MS[interval]);

/** A batch's contribution to one candle; merged into the stored candle by the upsert. */
export interface CandleDelta {
  symbol: string;
  interval: CandleInterval;
  bucket: number;
  open: string;
  openTs: number;
  high: string;
  low: string;
  close: string;
  closeTs: number;
  volume: Decimal;
  trades: number;
}

/**
 * Folds ticks (in any order) into one delta per (symbol, interval, bucket). Open is the earliest tick's
 * price, close the latest's (a tie goes to the later arrival), high/low the extremes, volume the sum.
 * 1m deltas are built from ticks and the longer intervals from those, so the work stays O(ticks).
 */
export function aggregateTicks(ticks: readonly SourceTick[]): CandleDelta[] {
  const minutes = new Map<string, CandleDelta>();
  for (const t of ticks) {
    const bucket = bucketStart(t.ts, '1m');
    const key = `${t.symbol}|${bucket}`;
    const d = minutes.get(key);
    if (!d) {
      minutes.set(key, {
        symbol: t.symbol, interval: '1m', bucket, open: t.price, openTs: t.ts, high: t.price, low: t.price,
        close: t.price, closeTs: t.ts, volume: new Decimal(t.volume), trades: 1,
      });
    } else {
      merge(d, { open: t.price, openTs: t.ts, high: t.price, low: t.price, close: t.price, closeTs: t.ts, volume: new Decimal(t.volume), trades: 1 });
    }
  }
  const all = [...minutes.values()];
  for (const interval of ['5m', '1h', '1d'] as const) {
    const wider = new Map<string, CandleDelta>();
    for (const m of minutes.values()) {
      const bucket = bucketStart(m.bucket, interval);
      const key = `${m.symbol}|${bucket}`;
      const d = wider.get(key);
      if (!d) wider.set(key, { ...m, interval, bucket, volume: new Decimal(m.volume) });
      else merge(d, m);
    }
    all.push(...wider.values());
  }
  return all;
}

type Part = Pick<CandleDelta, 'open' | 'openTs' | 'high' | 'low' | 'close' | 'closeTs' | 'volume' | 'trades'>;

function merge(into: CandleDelta, part: Part): void {
  if (part.openTs < into.openTs) {
    into.open = part.open;
    into.openTs = part.openTs;
  }
  if (part.closeTs >= into.closeTs) {
    into.close = part.close;
    into.closeTs = part.closeTs;
  }
  // Prices are exact decimal strings at a fixed precision; Number comparison orders them correctly.
  if (Number(part.high) > Number(into.high)) into.high = part.high;
  if (Number(part.low) < Number(into.low)) into.low = part.low;
  into.volume = into.volume.plus(part.volume);
  into.trades += part.trades;
}
