import { gt } from 'drizzle-orm';
import { positions } from '@/db/schema';
import { lockAccount } from '../accounts';
import type { TradingDeps } from '../deps';
import { cacheMarks } from '../marks';
import { recordEquitySnapshot } from '../snapshots';

/**
 * The scheduled point on every equity curve that has something moving in it (accounts holding positions);
 * a flat all-cash account's curve needs no new points. Each snapshot reads cash under the account lock so
 * it never sees half a fill.
 */
export async function snapshotOpenAccounts(deps: TradingDeps): Promise<number> {
  const accounts = await deps.db
    .selectDistinct({ accountId: positions.accountId })
    .from(positions)
    .where(gt(positions.qty, '0'));
  const marks = cacheMarks(deps.cache);
  for (const { accountId } of accounts) {
    await deps.db.transaction(async (tx) => {
      const account = await lockAccount(tx, accountId);
      await recordEquitySnapshot(tx, account, deps.clock(), 'schedule', marks);
    });
  }
  return accounts.length;
}

