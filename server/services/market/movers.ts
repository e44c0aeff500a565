import { sql } from 'drizzle-orm';
import type { AssetKind } from '@/db/schema/market';
import { queryRows, type Db } from '@/server/infra/db/types';
import type { z } from 'zod';
import type { moversSchema } from '@/contracts/market';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export type Mover = Movers['gainers'][number];

/** Largest rises and falls (first), and the window they cover (epoch ms). */
export type Movers = z.infer<typeof moversSchema>;

interface Row {
  symbol: string;
  name: string;
  kind: AssetKind;
  price: string;
  reference_price: string;
  change_pct: number;
}

/**
 * The largest 24 h moves up and down across active assets, from stored 1m candles: three index lookups
 * per asset on the (symbol, interval, bucket) key, never a scan of the day's candles. Assets with no
 * candle inside the window (feed stopped, just listed) are left out rather than shown with a stale move.
 */
export async function getTopMovers(db: Db, now: number, limit: number): Promise<Movers> {
  const from = new Date(now - DAY_MS).toISOString();
  const lookback = new Date(now - DAY_MS - HOUR_MS).toISOString();
  const rows = await queryRows<Row>(
    db,
    sql`select a.symbol, a.name, a.kind, l.close as price, r.price as reference_price,
          round((l.close / r.price - 1) * 100, 2)::float8 as change_pct
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
        where a.active and r.price > 0`,
  );
  const movers = rows.map((r) => ({
    symbol: r.symbol,
    name: r.name,
    kind: r.kind,
    price: r.price,
    referencePrice: r.reference_price,
    changePct: Number(r.change_pct),
  }));
  const bySymbol = (a: Mover, b: Mover) => a.symbol.localeCompare(b.symbol);
  return {
    gainers: movers
      .filter((m) => m.changePct > 0)
      .sort((a, b) => b.changePct - a.changePct || bySymbol(a, b))
      .slice(0, limit),
    losers: movers
      .filter((m) => m.changePct < 0)
      .sort((a, b) => a.changePct - b.changePct || bySymbol(a, b))
      .slice(0, limit),
    from: now - DAY_MS,
    to: now,
  };
}
