import { and, desc, eq, gte, lte, sql } from 'drizzle-orm';
import { assets, candles, type Asset, type CandleInterval } from '@/db/schema/market';
import type { Db } from '@/server/infra/db/types';
import { getAsset } from './asset-search';
import type { z } from 'zod';
import type { candleSchema } from '@/contracts/market';

export interface CandleQuery {
  symbol: string;
  interval: CandleInterval;
  /** Epoch ms, inclusive bucket starts. */
  from?: number;
  to?: number;
  limit: number;
}

/** One candle as served: epoch-ms bucket start, decimal strings for prices and volume. */
export type CandleBar = z.infer<typeof candleSchema>;

/** Stored candles in a range, oldest first; when the range holds more than `limit`, the newest `limit`. */
export async function getCandles(db: Db, query: CandleQuery): Promise<{ symbol: string; interval: CandleInterval; candles: CandleBar[] }> {
  const asset = await getAsset(db, query.symbol);
  const rows = await db
    .select({
      // Epoch ms computed in SQL: parsing a timestamp into a Date per row is a third of the cost of a 1000-bar read.
      t: sql<number>`(extract(epoch from ${candles.bucket}) * 1000)::float8`.mapWith(Number),
      open: candles.open,
      high: candles.high,
      low: candles.low,
      close: candles.close,
      volume: candles.volume,
    })
    .from(candles)
    .where(
      and(
        eq(candles.symbol, asset.symbol),
        eq(candles.interval, query.interval),
        query.from === undefined ? undefined : gte(candles.bucket, new Date(query.from)),
        query.to === undefined ? undefined : lte(candles.bucket, new Date(query.to)),
      ),
    )
    .orderBy(desc(candles.bucket))
    .limit(query.limit);
  return {
    symbol: asset.symbol,
    interval: query.interval,
    candles: rows.reverse().map((r) => ({ t: r.t, o: r.open, h: r.high, l: r.low, c: r.close, v: r.volume })),
  };
}

/** The newest closes of one symbol and interval, oldest first: what `getCandles` answers, narrowed to `t` and `c`. */
export interface CloseSeries {
  asset: Asset;
  /** Bucket starts, epoch ms. */
  times: number[];
  /** Closes as numbers (`Number` of the stored decimal, as a caller of `getCandles` would parse `c`). */
  closes: number[];
}

/**
 * The newest `limit` closes (oldest first) with the asset row, in one round trip and one result row: the
 * asset joined to a subquery that folds the candles into one `t:close,…` text. For a model that reads a
 * thousand closes this is several times cheaper than `getCandles`: the index scan is ~1 ms either way,
 * the rest is per-row work in the driver (PGlite decodes each row of six columns through WASM), and the
 * forecast needs neither open/high/low/volume nor a second query for the asset. Same rows and values as
 * `getCandles` with the same query; unknown symbol → the same NOT_FOUND.
 */
export async function getCloses(db: Db, query: Omit<CandleQuery, 'from' | 'to'>): Promise<CloseSeries> {
  // Epoch ms as float8 text (shortest round-trip form) and the numeric's own text: `Number` of each gives
  // exactly what `getCandles`' float8 `t` and `Number(c)` give.
  // Written with explicit aliases: inside a sql template Drizzle may print a column without its table,
  // and an unqualified `symbol` here would resolve to the candle's own, matching every asset.
  const series = sql<string | null>`(
    select string_agg(x.t || ':' || x.c, ',' order by x.bucket) from (
      select k.bucket, ((extract(epoch from k.bucket) * 1000)::float8)::text as t, k.close::text as c
      from candles k
      where k.symbol = assets.symbol and k.interval = ${query.interval}
      order by k.bucket desc
      limit ${query.limit}
    ) x)`;
  const [row] = await db.select({ asset: assets, series }).from(assets).where(eq(assets.symbol, query.symbol));
  // No such asset: `getAsset` throws the NOT_FOUND every market read throws (a second query on this path only).
  if (!row) return { asset: await getAsset(db, query.symbol), times: [], closes: [] };
  const times: number[] = [];
  const closes: number[] = [];
  if (row.series) {
    for (const pair of row.series.split(',')) {
      const colon = pair.indexOf(':');
      times.push(Number(pair.slice(0, colon)));
      closes.push(Number(pair.slice(colon + 1)));
    }
  }
  return { asset: row.asset, times, closes };
}
