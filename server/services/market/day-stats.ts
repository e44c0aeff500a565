import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { dayStatsSchema } from '@/contracts/market';
import type { AssetKind } from '@/db/schema/market';
import { queryRows, type Db } from '@/server/infra/db/types';

export const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** An asset's last 24 hours, from stored candles. Decimals as strings. */
export type DayStats = z.infer<typeof dayStatsSchema>;

interface Row {
  symbol: string;
  name: string;
  kind: AssetKind;
  price_precision: number;
  price: string;
  reference_price: string;
  change_pct: number;
  high: string;
  low: string;
  volume: string;
}

/**
 * 24 h figures for active assets (all, or `symbols`): the move from three index lookups per asset on the
 * (symbol, interval, bucket) key, high/low/volume from the day's 5m candles (288 rows per asset at most).
 * Assets with no candle inside the window (feed stopped, just listed) are left out rather than shown stale.
 */
export async function getDayStats(db: Db, now: number, symbols?: readonly string[]): Promise<DayStats[]> {
  const from = new Date(now - DAY_MS).toISOString();
  const lookback = new Date(now - DAY_MS - HOUR_MS).toISOString();
  const only = symbols?.length ? sql`and a.symbol in (${sql.join(symbols.map((s) => sql`${s}`), sql`, `)})` : sql``;
  const rows = await queryRows<Row>(
    db,
    sql`select a.symbol, a.name, a.kind, a.price_precision, l.close as price, r.price as reference_price,
          round((l.close / r.price - 1) * 100, 2)::float8 as change_pct, d.high, d.low, d.volume
        from assets a
        cross join lateral (
          select close from candles c
          where c.symbol = a.symbol and c.interval = '1m' and c.bucket > ${from}::timestamptz
          order by c.bucket desc limit 1
        ) l
        cross join lateral (
          select coalesce(
            (select close from candles c
              where c.symbol = a.symbol and c.interval = '1m'
                and c.bucket <= ${from}::timestamptz and c.bucket > ${lookback}::timestamptz
              order by c.bucket desc limit 1),
            (select open from candles c
              where c.symbol = a.symbol and c.interval = '1m' and c.bucket > ${from}::timestamptz
              order by c.bucket asc limit 1)
          ) as price
        ) r
        cross join lateral (
          select max(c.high) as high, min(c.low) as low, coalesce(sum(c.volume), 0) as volume from candles c
          where c.symbol = a.symbol and c.interval = '5m' and c.bucket > ${from}::timestamptz
        ) d
        where a.active and r.price > 0 ${only}
        order by a.symbol`,
  );
  return rows.map((r) => ({
    symbol: r.symbol,
    name: r.name,
    kind: r.kind,
    pricePrecision: Number(r.price_precision),
    price: r.price,
    referencePrice: r.reference_price,
    changePct: Number(r.change_pct),
    // A window younger than one 5m bucket has no 5m candle yet: the last price bounds it.
    high: r.high ?? r.price,
    low: r.low ?? r.price,
    volume: String(r.volume),
  }));
}
