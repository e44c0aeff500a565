import { and, desc, eq, gte } from 'drizzle-orm';
import { equitySnapshots } from '@/db/schema';
import type { Db } from '@/server/infra/db/types';
import { ensureAccount } from './accounts';
import { performance } from './analytics';
import { money, str } from './money';

/** The latest `limit` points of the equity curve since the last reset (or `from`), and the figures drawn from them. */
export async function getAccountHistory(db: Db, userId: string, opts: { from?: Date; limit: number }) {
  const account = await ensureAccount(db, userId);
  const from = opts.from && opts.from > account.resetAt ? opts.from : account.resetAt;
  const rows = await db
    .select({ ts: equitySnapshots.ts, equity: equitySnapshots.equity, cash: equitySnapshots.cash, reason: equitySnapshots.reason })
    .from(equitySnapshots)
    .where(and(eq(equitySnapshots.accountId, account.id), gte(equitySnapshots.ts, from)))
    .orderBy(desc(equitySnapshots.ts), desc(equitySnapshots.id))
    .limit(opts.limit)
    .then((newestFirst) => newestFirst.reverse());
  const curve = rows.map((r) => ({ ts: r.ts, equity: str(money(r.equity)), cash: str(money(r.cash)), reason: r.reason }));
  return {
    curve,
    performance: performance(rows.map((r) => ({ ts: r.ts.getTime(), equity: Number(r.equity) }))),
  };
}
