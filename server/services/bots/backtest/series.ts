/**
 * Candles laid out for the backtest loop: typed arrays of floats for the strategy's signal math, and the
 * stored decimal strings of open and close for the ledger (fills and exact equity marks).
 */
export interface CandleSeries {
  length: number;
  /** Bucket start, epoch ms. */
  t: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  openText: string[];
  closeText: string[];
}

export interface CandleRow {
  t: number;
  o: string;
  h: string;
  l: string;
  c: string;
  v: string;
}

export function seriesFromRows(rows: readonly CandleRow[]): CandleSeries {
  const n = rows.length;
  const s: CandleSeries = {
    length: n,
    t: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
    openText: new Array<string>(n),
    closeText: new Array<string>(n),
  };
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    s.t[i] = r.t;
    s.open[i] = Number(r.o);
    s.high[i] = Number(r.h);
    s.low[i] = Number(r.l);
    s.close[i] = Number(r.c);
    s.volume[i] = Number(r.v);
    s.openText[i] = r.o;
    s.closeText[i] = r.c;
  }
  return s;
}

/** The first `length` candles (views, no copy): what a strategy would have seen at that point. */
export function truncateSeries(s: CandleSeries, length: number): CandleSeries {
  return {
    length,
    t: s.t.subarray(0, length),
    open: s.open.subarray(0, length),
    high: s.high.subarray(0, length),
    low: s.low.subarray(0, length),
    close: s.close.subarray(0, length),
    volume: s.volume.subarray(0, length),
    openText: s.openText.slice(0, length),
    closeText: s.closeText.slice(0, length),
  };
}
