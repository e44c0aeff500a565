import { sql } from 'drizzle-orm';
import { INTERVAL_MINUTES, type BacktestInterval } from '@/contracts/bots';
import { queryRows, type Db } from '@/server/infra/db/types';
import type { Strategy } from '../strategies/types';
import type { CandleSeries } from './series';

/** Bars per query: a slice small enough for PGlite's one connection to serve requests in between. */
const BARS_PER_CHUNK = 100_000;

/** Candle fields a strategy may ask for beyond time, open and close (which the execution model always needs). */
type ExtraCandleField = NonNullable<Strategy<unknown, unknown>['reads']>[number];

/**
 * Stored candles with bucket starts in [from, to), oldest first, as a CandleSeries. Each chunk comes back as
 * one comma-joined string rather than one row per candle (decoding 500k row objects costs ten times more
 * than splitting a string), and only the fields the strategy reads are fetched: fields not asked for are NaN.
 * Prices keep their stored decimal text for the ledger.
 */
export async function loadCandleSeries(
  db: Db,
  q: { symbol: string; interval: BacktestInterval; from: number; to: number; fields?: readonly ExtraCandleField[] },
  onChunk?: (loaded: number, expected: number) => Promise<void>,
): Promise<CandleSeries> {
  const stepMs = INTERVAL_MINUTES[q.interval] * 60_000;
  const expected = Math.max(1, Math.ceil((q.to - q.from) / stepMs));
  const extra = (['high', 'low', 'volume'] as const).filter((f) => q.fields?.includes(f));
  const stride = 3 + extra.length;
  // Column names come from the fixed list above, never from input.
  const columns = sql.raw(["date_part('epoch', bucket)::text", 'open::text', 'close::text', ...extra.map((f) => `${f}::text`)].join(', '));
  const tokens: string[][] = [];
  for (let start = q.from; start < q.to; start += BARS_PER_CHUNK * stepMs) {
    const end = Math.min(q.to, start + BARS_PER_CHUNK * stepMs);
    const [row] = await queryRows<{ x: string | null }>(
      db,
      sql`select string_agg(concat_ws(',', ${columns}), ',' order by bucket) as x
          from candles
          where symbol = ${q.symbol} and interval = ${q.interval}
            and bucket >= to_timestamp(${start} / 1000.0) and bucket < to_timestamp(${end} / 1000.0)`,
    );
    if (row?.x) tokens.push(row.x.split(','));
    await onChunk?.(tokens.reduce((n, c) => n + c.length / stride, 0), expected);
  }

  const n = tokens.reduce((sum, c) => sum + c.length / stride, 0);
  const s: CandleSeries = {
    length: n,
    t: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n).fill(NaN),
    low: new Float64Array(n).fill(NaN),
    close: new Float64Array(n),
    volume: new Float64Array(n).fill(NaN),
    openText: new Array<string>(n),
    closeText: new Array<string>(n),
  };
  let i = 0;
  for (const chunk of tokens) {
    for (let k = 0; k < chunk.length; k += stride, i++) {
      s.t[i] = Math.round(Number(chunk[k]) * 1000);
      s.openText[i] = chunk[k + 1]!;
      s.closeText[i] = chunk[k + 2]!;
      s.open[i] = Number(chunk[k + 1]);
      s.close[i] = Number(chunk[k + 2]);
      for (let e = 0; e < extra.length; e++) s[extra[e]!][i] = Number(chunk[k + 3 + e]);
    }
  }
  return s;
}
