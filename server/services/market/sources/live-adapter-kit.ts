import Decimal from 'decimal.js';
import type { SourceTick } from './price-source';

/** One catalogue asset as a live adapter sees it: the product symbol, the source's symbol, the precisions. */
export interface LiveAssetMapping {
  /** Product symbol (BTC, AAPL). */
  symbol: string;
  /** The provider's symbol (BTCUSDT, AAPL). */
  sourceSymbol: string;
  pricePrecision: number;
  qtyPrecision: number;
}

const HalfUp = Decimal.clone({ rounding: Decimal.ROUND_HALF_UP });
const PLAIN = /^\d+(?:\.(\d+))?$/;

/**
 * A provider's number (a decimal string such as Binance's "97000.01000000", or a binary float such as
 * Yahoo's 189.83999633789062) as a decimal string with exactly `places` decimals, rounded half up. Null when
 * it is not a finite, non-negative number. Strings that only need zeros cut or added skip decimal.js: the
 * live stream formats every trade.
 */
export function toPlaces(value: string | number, places: number): string | null {
  if (typeof value === 'string') {
    const m = PLAIN.exec(value);
    if (!m) return null;
    const decimals = m[1] ?? '';
    if (decimals.length <= places) {
      const whole = decimals.length === 0 ? value : value.slice(0, value.length - decimals.length - 1);
      return places === 0 ? whole : `${whole}.${decimals.padEnd(places, '0')}`;
    }
    if (/^0*$/.test(decimals.slice(places))) {
      const whole = value.slice(0, value.length - decimals.length - 1);
      return places === 0 ? whole : `${whole}.${decimals.slice(0, places)}`;
    }
  } else if (!Number.isFinite(value) || value < 0) {
    return null;
  }
  try {
    return new HalfUp(value).toFixed(places);
  } catch {
    return null;
  }
}

/** Full-jitter exponential backoff: attempt n (from 0) waits uniform(0, min(maxMs, baseMs·2ⁿ)). */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  return Math.round(random() * Math.min(maxMs, baseMs * 2 ** attempt));
}

/**
 * Coalesces ticks produced within one turn of the event loop into one `emit` call: a busy stream hands the
 * ingestor large batches, a quiet one hands it each tick at once.
 */
export function createTickBatcher(emit: (ticks: SourceTick[]) => void) {
  let pending: SourceTick[] = [];
  let scheduled: NodeJS.Immediate | null = null;
  const flush = () => {
    scheduled = null;
    const batch = pending;
    pending = [];
    if (batch.length > 0) emit(batch);
  };
  return {
    push(tick: SourceTick) {
      pending.push(tick);
      scheduled ??= setImmediate(flush);
    },
    /** Emits what waits now (stop). */
    flush() {
      if (scheduled) clearImmediate(scheduled);
      flush();
    },
  };
}

export const MINUTE_MS = 60_000;
