import { sql } from 'drizzle-orm';
import type { Db } from '@/server/infra/db/types';
import type { CandleDelta } from './candle-buckets';
import type { SourceTick } from './sources/price-source';

/**
 * Postgres array literal for `unnest`: a whole batch travels as a handful of parameters, so one statement
 * inserts thousands of rows on every driver without hitting the bind-parameter limit. Values here are
 * symbols, decimal strings and integers only — nothing that needs quoting.
 */
export const arrayLiteral = (values: readonly (string | number)[]) => `{${values.join(',')}}`;

/**
 * How a new contribution merges into a stored candle: open/close move only to an earlier/later tick than
 * the bucket already holds, so ticks arriving out of order inside an open bucket still give the right OHLC.
 */
export const CANDLE_MERGE = sql.raw(`
    on conflict (symbol, interval, bucket) do update set
      open = case when excluded.open_ts < candles.open_ts then excluded.open else candles.open end,
      open_ts = least(candles.open_ts, excluded.open_ts),
      close = case when excluded.close_ts >= candles.close_ts then excluded.close else candles.close end,
      close_ts = greatest(candles.close_ts, excluded.close_ts),
      high = greatest(candles.high, excluded.high),
      low = least(candles.low, excluded.low),
      volume = candles.volume + excluded.volume,
      trades = candles.trades + excluded.trades`);

/** A recomputed candle takes the place of the stored one (every field from its stored minutes). */
const CANDLE_REPLACE = sql.raw(`
    on conflict (symbol, interval, bucket) do update set
      open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
      volume = excluded.volume, trades = excluded.trades, open_ts = excluded.open_ts, close_ts = excluded.close_ts`);

const ROLLUPS = [
  ['5m', '5 minutes', 300_000],
  ['1h', '1 hour', 3_600_000],
  ['1d', '1 day', 86_400_000],
] as const;

/**
 * Rolls `symbol`'s stored 1m candles in [fromMs, toMs) up into 5m/1h/1d. `merge` adds those minutes to what
 * each bucket holds (new minutes, written once); `replace` recomputes every bucket the range touches from all
 * of its stored minutes (minutes that were rewritten).
 */
export async function rollUpMinutes(db: Db, symbol: string, fromMs: number, toMs: number, mode: 'merge' | 'replace'): Promise<void> {
  for (const [interval, width, ms] of ROLLUPS) {
    const lo = mode === 'replace' ? fromMs - (fromMs % ms) : fromMs;
    const hi = mode === 'replace' ? toMs - 1 - ((toMs - 1) % ms) + ms : toMs;
    await db.execute(sql`
      insert into candles (symbol, interval, bucket, open, high, low, close, volume, trades, open_ts, close_ts)
      select symbol, ${interval}::candle_interval, date_bin(${width}::interval, bucket, timestamptz 'epoch'),
        (array_agg(open order by bucket))[1], max(high), min(low), (array_agg(close order by bucket desc))[1],
        sum(volume), sum(trades), min(open_ts), max(close_ts)
      from candles
      where symbol = ${symbol} and interval = '1m'
        and bucket >= to_timestamp(${lo} / 1000.0) and bucket < to_timestamp(${hi} / 1000.0)
      group by symbol, 3
      ${mode === 'merge' ? CANDLE_MERGE : CANDLE_REPLACE}`);
  }
}

/** Appends raw ticks in one statement. */
export async function insertTicks(db: Db, ticks: readonly SourceTick[]): Promise<void> {
  if (ticks.length === 0) return;
  await db.execute(sql`
    insert into ticks (symbol, ts, price, volume)
    select s, to_timestamp(t / 1000.0), p, v
    from unnest(${arrayLiteral(ticks.map((x) => x.symbol))}::text[], ${arrayLiteral(ticks.map((x) => x.ts))}::bigint[],
                ${arrayLiteral(ticks.map((x) => x.price))}::numeric[], ${arrayLiteral(ticks.map((x) => x.volume))}::numeric[])
      as d(s, t, p, v)`);
}

/** Merges deltas into stored candles. Deltas must be unique per (symbol, interval, bucket) — `aggregateTicks` guarantees it. */
export async function upsertCandles(db: Db, deltas: readonly CandleDelta[]): Promise<void> {
  if (deltas.length === 0) return;
  const col = <T extends string | number>(pick: (d: CandleDelta) => T) => arrayLiteral(deltas.map(pick));
  await db.execute(sql`
    insert into candles (symbol, interval, bucket, open, high, low, close, volume, trades, open_ts, close_ts)
    select s, i::candle_interval, to_timestamp(b / 1000.0), o, h, l, c, v, n, to_timestamp(ot / 1000.0), to_timestamp(ct / 1000.0)
    from unnest(${col((d) => d.symbol)}::text[], ${col((d) => d.interval)}::text[], ${col((d) => d.bucket)}::bigint[],
                ${col((d) => d.open)}::numeric[], ${col((d) => d.high)}::numeric[], ${col((d) => d.low)}::numeric[],
                ${col((d) => d.close)}::numeric[], ${col((d) => d.volume.toFixed())}::numeric[], ${col((d) => d.trades)}::int[],
                ${col((d) => d.openTs)}::bigint[], ${col((d) => d.closeTs)}::bigint[])
      as d(s, i, b, o, h, l, c, v, n, ot, ct)
    ${CANDLE_MERGE}`);
}

/** How long raw ticks are kept; candles stay. */
export const TICK_RETENTION_MS = 3_600_000;

/** Deletes raw ticks older than `before` (candles are kept). Returns how many went. */
export async function pruneTicks(db: Db, before: number): Promise<number> {
  const result = (await db.execute(sql`delete from ticks where ts < to_timestamp(${before} / 1000.0)`)) as unknown as {
    rowCount?: number | null;
    affectedRows?: number;
  };
  return result.rowCount ?? result.affectedRows ?? 0;
}

/**
 * Refreshes planner statistics for the market tables. PGlite has no autovacuum: after a bulk backfill the
 * planner would still believe `candles` is nearly empty and pick a full bitmap scan plus sort (~0.5 s over a
 * year of 1m candles) instead of the primary-key range scan (~1 ms).
 */
export async function analyzeMarketTables(db: Db): Promise<void> {
  await db.execute(sql`analyze candles`);
  await db.execute(sql`analyze ticks`);
}
