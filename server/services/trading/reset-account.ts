import { and, eq, inArray } from 'drizzle-orm';
import { cashMovements, OPEN_ORDER_STATUSES, orders, paperAccounts, positions } from '@/db/schema';
import { recordAudit } from '@/server/services/audit/record';
import { announceOrderChanges, type AccountEvent } from './account-events';
import { ensureAccount, lockAccount } from './accounts';
import { summarize } from './account-summary';
import type { TradingDeps } from './deps';
import { money, str } from './money';
import { oneRow } from './one-row';
import { toOrderView } from './order-view';
import { recordEquitySnapshot } from './snapshots';

/**
 * Starts the account over: open orders canceled, positions closed out of the books (not sold), cash back to
 * the initial amount, one `reset` cash movement for the difference. Past orders and fills stay as history;
 * analytics count from `resetAt`. Audited.
 */
export async function resetAccount(deps: TradingDeps, userId: string) {
  const account = await ensureAccount(deps.db, userId);
  const now = deps.clock();
  const { updated, canceled } = await deps.db.transaction(async (tx) => {
    const locked = await lockAccount(tx, account.id);
    const canceled = await tx
      .update(orders)
      .set({ status: 'canceled', reason: 'ACCOUNT_RESET', reasonMessage: 'Canceled because the account was reset.', reservedCash: '0' })
      .where(and(eq(orders.accountId, account.id), inArray(orders.status, OPEN_ORDER_STATUSES)))
      .returning();
    await tx.delete(positions).where(eq(positions.accountId, account.id));
    const initial = money(locked.initialCash);
    const updated = oneRow(
      await tx
        .update(paperAccounts)
        .set({
          cash: str(initial),
          reservedCash: '0',
          realizedPnl: '0',
          feesPaid: '0',
          dayPnl: '0',
          dayPnlDate: null,
          killSwitch: false,
          resetAt: new Date(now),
        })
        .where(eq(paperAccounts.id, account.id))
        .returning(),
    );
    await tx.insert(cashMovements).values({
      accountId: account.id,
      kind: 'reset',
      amount: str(initial.minus(locked.cash)),
      balanceAfter: str(initial),
      createdAt: new Date(now),
    });
    await recordEquitySnapshot(tx, updated, now, 'reset', async () => null);
    await recordAudit(tx, {
      actorId: userId,
      action: 'account.reset',
      targetType: 'paper_account',
      targetId: account.id,
      details: { cashBefore: locked.cash, canceledOrders: canceled.length },
    });
    return { updated, canceled };
  });
  const views = canceled.map(toOrderView);
  const events: AccountEvent[] = views.map((order) => ({ type: 'order', order }));
  await announceOrderChanges(deps.bus, account.id, events, views);
  return summarize(deps, updated);
}
