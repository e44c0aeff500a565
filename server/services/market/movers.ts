import type { z } from 'zod';
import type { moversSchema } from '@/contracts/market';
import type { Db } from '@/server/infra/db/types';
import { DAY_MS, getDayStats } from './day-stats';

export type Mover = Movers['gainers'][number];

/** Largest rises and falls (first), and the window they cover (epoch ms). */
export type Movers = z.infer<typeof moversSchema>;

/** The largest 24 h moves up and down across active assets, from the day's stored candles. */
export async function getTopMovers(db: Db, now: number, limit: number): Promise<Movers> {
  const movers: Mover[] = (await getDayStats(db, now)).map(({ symbol, name, kind, price, referencePrice, changePct }) => ({
    symbol,
    name,
    kind,
    price,
    referencePrice,
    changePct,
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
