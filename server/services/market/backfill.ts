import { sql } from 'drizzle-orm';
import type { Asset } from '@/db/schema/market';
import { queryRows, type Db } from '@/server/infra/db/types';
import { rollUpMinutes } from './tick-store';

export interface BackfillOptions {
  /** Exclusive end, minute-aligned: where live ticks take over. */
  endMs: number;
  days: number;

  /** The close of the last backfilled minute, so the history joins the live price without a jump. */
  anchorPrice: string;
  seed: number;
}

const MINUTES_PER_YEAR = 525_600;

/**
 * Generates `days` of 1m candles for one asset inside the database (INSERT … SELECT over generate_series,
 * no rows through JS), rolled up into 5m/1h/1d. The path is a GBM walked backwards from the anchor, with
 * regimes per 4 h block and rare jumps; pseudo-random numbers come from `hashtext(seed:symbol:minute)`, so
 * the same seed gives the same history on PGlite and on Postgres. It runs in chunks of one day per
 * transaction, newest first, each anchored at the open of the chunk after it: PGlite has a single connection, and short
 * transactions let requests interleave with a long first-start backfill.
 * Skips (returns 0) when the asset already has history before `endMs`.
 */
export async function backfillAsset(db: Db, asset: Asset, opts: BackfillOptions): Promise<number> {
  const [existing] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from (select 1 from candles where symbol = ${asset.symbol} and interval = '1m'
        and bucket < to_timestamp(${opts.endMs} / 1000.0) limit 1) x`,
  );
  if (existing!.n > 0) return 0;
  const endMinute = Math.floor(opts.endMs / 60_000);
  const firstMinute = endMinute - Math.round(opts.days * 1440);
  let anchor = opts.anchorPrice;
  for (let to = endMinute; to > firstMinute; to -= CHUNK_MINUTES) {
    const from = Math.max(firstMinute, to - CHUNK_MINUTES);
    anchor = await db.transaction((tx) => backfillChunk(tx as unknown as Db, asset, { ...opts, from, to, anchor }));
    // PGlite runs in this thread and answers through microtasks: without a macrotask break the whole
    // backfill would run as one chain and starve timers and sockets (no request served until it ends).
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return endMinute - firstMinute;
}

/**
 * Extends an asset's daily candles back to `days` before `endMs` with daily-only history (a year of 1m candles
 * for every asset would be ~13M rows; a daily chart wants a year, not minutes). Anchored at the open of the
 * oldest stored 1d candle, so it joins the rolled-up 1m history (or an older extension) without a jump; does
 * nothing when there is no 1d candle yet or the history already reaches that far. Returns the days added.
 */
export async function extendDailyHistory(db: Db, asset: Asset, opts: { endMs: number; days: number; seed: number }): Promise<number> {
  const [oldest] = await queryRows<{ day: number; open: string }>(
    db,
    sql`select floor(extract(epoch from bucket) / 86400)::int as day, open::text from candles
        where symbol = ${asset.symbol} and interval = '1d' order by bucket limit 1`,
  );
  const firstDay = Math.floor(opts.endMs / 86_400_000) - Math.floor(opts.days);
  if (!oldest || oldest.day <= firstDay) return 0;
  await backfillDays(db, asset, { seed: opts.seed, from: firstDay, to: oldest.day, anchor: oldest.open });
  return oldest.day - firstDay;
}

/**
 * Days [from, to) (days since the epoch) as 1d candles only, a daily GBM walked backwards from `anchor` (the
 * open of the oldest 1m candle), with the same regimes and jumps as the minutes and the same hash-seeded
 * draws, so the history is the same on PGlite and Postgres. High and low reach past open/close by a share of
 * the day's volatility; volume and trades are a day's worth of the minute figures.
 */
async function backfillDays(db: Db, asset: Asset, opts: { seed: number; from: number; to: number; anchor: string }): Promise<void> {
  const key = `${opts.seed}:${asset.symbol}:day:`;
  const sigma = asset.volatility * Math.sqrt(1 / 365);
  await db.execute(sql`
    with draws as (
      select d,
        (hashtext(${key}::text || d)::float8 + 2147483649) / 4294967298 as u1,
        (hashtext(${key}::text || d || 'b')::float8 + 2147483649) / 4294967298 as u2,
        (hashtext(${key}::text || d || 'c')::float8 + 2147483649) / 4294967298 as u3,
        (hashtext(${key}::text || d || 'h')::float8 + 2147483649) / 4294967298 as u4,
        (hashtext(${key}::text || (d / 7) || 'r')::float8 + 2147483649) / 4294967298 as regime
      from generate_series(${opts.from}::int, ${opts.to - 1}::int) as d
    ),
    returns as (
      select d, u3, u4,
        ${sigma}::float8 * (case when regime < 0.2 then 0.6 when regime > 0.85 then 1.8 else 1 end)
          * sqrt(-2 * ln(u1)) * cos(2 * pi() * u2)
          + case when u3 > 0.98 then 0.05 * sqrt(-2 * ln(u2)) * cos(2 * pi() * u1) else 0 end as r
      from draws
    ),
    path as (select d, u3, u4, r, sum(r) over (order by d desc) as ahead from returns),
    priced as (
      select d, u3, u4, to_timestamp(d::float8 * 86400) as b,
        ${opts.anchor}::float8 * exp(-ahead) as o,
        ${opts.anchor}::float8 * exp(r - ahead) as c
      from path
    )
    insert into candles (symbol, interval, bucket, open, high, low, close, volume, trades, open_ts, close_ts)
    select ${asset.symbol}, '1d', b, round(o::numeric, ${asset.pricePrecision}::int),
      round((greatest(o, c) * (1 + u3 * 0.5 * ${sigma}::float8))::numeric, ${asset.pricePrecision}::int),
      round((least(o, c) * (1 - u4 * 0.5 * ${sigma}::float8))::numeric, ${asset.pricePrecision}::int),
      round(c::numeric, ${asset.pricePrecision}::int),
      round((1200000 * 1440 / c * (0.5 + u3))::numeric, ${asset.qtyPrecision}::int),
      ((120 + u3 * 240) * 1440)::int, b, b + interval '1 day' - interval '1 millisecond'
    from priced
    on conflict do nothing`);
}

/** One day per transaction: ~60 ms each on PGlite on disk, mostly the commit. */
const CHUNK_MINUTES = 1440;

/** Minutes [from, to) ending at `anchor`; returns the first minute's open (the anchor for the chunk before). */
async function backfillChunk(
  db: Db,
  asset: Asset,
  opts: BackfillOptions & { from: number; to: number; anchor: string },
): Promise<string> {
  const key = `${opts.seed}:${asset.symbol}:`;
  const sigma = asset.volatility * Math.sqrt(1 / MINUTES_PER_YEAR);
  const [first] = await queryRows<{ open: string }>(
    db,
    sql`
      with draws as (
        select i,
          (hashtext(${key}::text || i)::float8 + 2147483649) / 4294967298 as u1,
          (hashtext(${key}::text || i || 'b')::float8 + 2147483649) / 4294967298 as u2,
          (hashtext(${key}::text || i || 'c')::float8 + 2147483649) / 4294967298 as u3,
          (hashtext(${key}::text || (i / 240) || 'r')::float8 + 2147483649) / 4294967298 as regime
        from generate_series(${opts.from}::int, ${opts.to - 1}::int) as i
      ),
      returns as (
        select i, u3,
          ${sigma}::float8 * (case when regime < 0.2 then 0.5 when regime > 0.85 then 2.5 else 1 end)
            * sqrt(-2 * ln(u1)) * cos(2 * pi() * u2)
            + case when u3 > 0.9995 then 0.01 * sqrt(-2 * ln(u2)) * cos(2 * pi() * u1) else 0 end as r
        from draws
      ),
      path as (
        select i, u3, r, sum(r) over (order by i desc) as ahead from returns
      ),
      priced as (
        select i, u3, to_timestamp(i::float8 * 60) as b,
          ${opts.anchor}::float8 * exp(-ahead) as o,
          ${opts.anchor}::float8 * exp(r - ahead) as c
        from path
      ),
      inserted as (
        insert into candles (symbol, interval, bucket, open, high, low, close, volume, trades, open_ts, close_ts)
        select ${asset.symbol}, '1m', b, round(o::numeric, ${asset.pricePrecision}::int),
          round((greatest(o, c) * (1 + u3 * ${sigma}::float8))::numeric, ${asset.pricePrecision}::int),
          round((least(o, c) * (1 - u3 * ${sigma}::float8))::numeric, ${asset.pricePrecision}::int),
          round(c::numeric, ${asset.pricePrecision}::int),
          round((1200000 / c * (0.5 + u3))::numeric, ${asset.qtyPrecision}::int),
          (120 + u3 * 240)::int, b, b + interval '59.999 seconds'
        from priced
        on conflict do nothing
        returning bucket, open
      )
      select open::text from inserted order by bucket limit 1`,
  );
  await rollUpMinutes(db, asset.symbol, opts.from * 60_000, opts.to * 60_000, 'merge');
  return first?.open ?? opts.anchor;
}
