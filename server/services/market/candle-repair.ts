import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/server/infra/db/types';
import type { SourceCandle } from './sources/live-source';
import { arrayLiteral, rollUpMinutes } from './tick-store';

const MINUTE_MS = 60_000;

/**
 * Writes a live source's closed 1m candles for one symbol over what is stored — the source's candle is the
 * truth for its minute (ticks missed during a gap, a minute half seen before a restart) — then recomputes the
 * 5m/1h/1d candles those minutes fall in from the stored 1m rows. Prices are rounded to the asset's precision.
 * Run it between ingestor flushes (`Ingestor.exclusive`) so tick merges do not interleave with the roll-up.
 */
export async function writeSourceCandles(
  db: Db,
  symbol: string,
  candles: readonly SourceCandle[],
  precision: { pricePrecision: number; qtyPrecision: number },
): Promise<number> {
  const rows = candles.filter((c) => c.symbol === symbol && c.openTime % MINUTE_MS === 0);
  if (rows.length === 0) return 0;
  const col = (pick: (c: SourceCandle) => string | number) => arrayLiteral(rows.map(pick));
  const from = Math.min(...rows.map((c) => c.openTime));
  const to = Math.max(...rows.map((c) => c.openTime)) + MINUTE_MS;
  await db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    await t.execute(sql`
      insert into candles (symbol, interval, bucket, open, high, low, close, volume, trades, open_ts, close_ts)
      select ${symbol}, '1m', to_timestamp(b / 1000.0),
        round(o, ${precision.pricePrecision}::int), round(h, ${precision.pricePrecision}::int),
        round(l, ${precision.pricePrecision}::int), round(c, ${precision.pricePrecision}::int),
        round(v, ${precision.qtyPrecision}::int), 0,
        to_timestamp(b / 1000.0), to_timestamp((b + 59999) / 1000.0)
      from unnest(${col((c) => c.openTime)}::bigint[], ${col((c) => c.open)}::numeric[], ${col((c) => c.high)}::numeric[],
                  ${col((c) => c.low)}::numeric[], ${col((c) => c.close)}::numeric[], ${col((c) => c.volume)}::numeric[])
        as d(b, o, h, l, c, v)
      on conflict (symbol, interval, bucket) do update set
        open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
        volume = excluded.volume, open_ts = excluded.open_ts, close_ts = excluded.close_ts`);
    await rollUpMinutes(t, symbol, from, to, 'replace');
  });
  return rows.length;
}

/** The newest stored 1m candle per symbol: where a live symbol's history resumes, and its last price. */
export async function lastStoredMinutes(
  db: Db,
  symbols: readonly string[],
): Promise<Map<string, { bucket: number; close: string; closeTs: number }>> {
  if (symbols.length === 0) return new Map();
  const rows = await queryRows<{ symbol: string; bucket: string; close: string; close_ts: string }>(
    db,
    sql`select distinct on (symbol) symbol, (extract(epoch from bucket) * 1000)::bigint::text as bucket, close::text,
          (extract(epoch from close_ts) * 1000)::bigint::text as close_ts
        from candles where interval = '1m' and symbol = any(${arrayLiteral(symbols)}::text[])
        order by symbol, bucket desc`,
  );
  return new Map(rows.map((r) => [r.symbol, { bucket: Number(r.bucket), close: r.close, closeTs: Number(r.close_ts) }]));
}
