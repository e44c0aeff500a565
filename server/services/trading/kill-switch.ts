import { and, eq, inArray } from 'drizzle-orm';
import { OPEN_ORDER_STATUSES, orders, paperAccounts } from '@/db/schema';
import { recordAudit } from '@/server/services/audit/record';
import { announceOrderChanges } from './account-events';
import { ensureAccount, lockAccount } from './accounts';
import { summarize } from './account-summary';
import { closeOrder } from './close-order';
import type { TradingDeps } from './deps';
import { oneRow } from './one-row';
import { toOrderView, type OrderView } from './order-view';

/**
 * The account's kill switch. Turning it on cancels every open order and refuses new ones (KILL_SWITCH)
 * until it is turned off again. Audited either way.
 */
export async function setKillSwitch(deps: TradingDeps, actorId: string, userId: string, on: boolean) {
  const account = await ensureAccount(deps.db, userId);
  const { updated, canceled } = await deps.db.transaction(async (tx) => {
    let locked = await lockAccount(tx, account.id);
    const canceled: OrderView[] = [];
    if (on) {
      const open = await tx
        .select()
        .from(orders)
        .where(and(eq(orders.accountId, account.id), inArray(orders.status, OPEN_ORDER_STATUSES)));
      for (const order of open) {
        const closed = await closeOrder(tx, locked, order, {
          status: 'canceled',
          reason: 'KILL_SWITCH',
          message: 'Canceled because the account kill switch was turned on.',
        });
        locked = closed.account;
        canceled.push(toOrderView(closed.order));
      }
    }
    const updated = oneRow(
      await tx.update(paperAccounts).set({ killSwitch: on }).where(eq(paperAccounts.id, account.id)).returning(),
    );
    await recordAudit(tx, {
      actorId,
      action: on ? 'account.kill_switch_on' : 'account.kill_switch_off',
      targetType: 'paper_account',
      targetId: account.id,
      details: { canceledOrders: canceled.length },
    });
    return { updated, canceled };
  });
  await announceOrderChanges(deps.bus, account.id, canceled.map((order) => ({ type: 'order' as const, order })), canceled);
  return summarize(deps, updated);
}
