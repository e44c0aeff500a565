import { and, desc, eq, gte } from 'drizzle-orm';
import { equitySnapshots } from '@/db/schema';
import { ensureAccount } from './accounts';
import { summarize } from './account-summary';
import { performance } from './analytics';
import type { TradingDeps } from './deps';
import { money, str } from './money';

type HistoryDeps = Pick<TradingDeps, 'db' | 'cache' | 'clock'>;

/**
 * The equity curve since the last reset (or `from`): the reset's initial cash first, the latest `limit`
 * snapshots, and the account's equity now (live marks) last — so the figures drawn from it agree with the
 * P&L the page shows beside them.
 */
export async function getAccountHistory(deps: HistoryDeps, userId: string, opts: { from?: Date; limit: number }) {
  const account = await ensureAccount(deps.db, userId);
  const fromReset = !opts.from || opts.from <= account.resetAt;
  const from = fromReset ? account.resetAt : opts.from!;
  const rows = await deps.db
    .select({ ts: equitySnapshots.ts, equity: equitySnapshots.equity, cash: equitySnapshots.cash, reason: equitySnapshots.reason })
    .from(equitySnapshots)
    .where(and(eq(equitySnapshots.accountId, account.id), gte(equitySnapshots.ts, from)))
    .orderBy(desc(equitySnapshots.ts), desc(equitySnapshots.id))
    .limit(opts.limit)
    .then((newestFirst) => newestFirst.reverse());
  const curve = rows.map((r) => ({ ts: r.ts, equity: str(money(r.equity)), cash: str(money(r.cash)), reason: r.reason }));
  if (fromReset && (curve.length === 0 || curve[0]!.ts > account.resetAt)) {
    const initial = str(money(account.initialCash));
    curve.unshift({ ts: account.resetAt, equity: initial, cash: initial, reason: 'reset' });
  }
  const now = await summarize(deps, account);
  const nowTs = new Date(Math.max(deps.clock(), curve[curve.length - 1]?.ts.getTime() ?? 0));
  curve.push({ ts: nowTs, equity: now.equity, cash: now.cash, reason: 'now' });
  return {
    curve,
    performance: performance(curve.map((p) => ({ ts: p.ts.getTime(), equity: Number(p.equity) }))),
  };
}
