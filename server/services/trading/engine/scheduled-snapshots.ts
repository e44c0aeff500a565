import { and, eq, gt, gte } from 'drizzle-orm';
import { equitySnapshots, positions } from '@/db/schema';
import { lockAccount } from '../accounts';
import type { TradingDeps } from '../deps';
import { cacheMarks } from '../marks';
import { recordEquitySnapshot } from '../snapshots';

/** One scheduled point per equity curve per period: the engine's timer and the cron pass share the grid. */
export const SNAPSHOT_PERIOD_MS = 5 * 60_000;

/**
 * The scheduled point on every equity curve that has something moving in it (accounts holding positions);
 * a flat all-cash account's curve needs no new points. Idempotent per period: an account that already has
 * its scheduled point for the current period (from this pass, a second worker or the cron) gets none,
 * checked under the account lock so two passes at once cannot both write. Returns how many were written.
 */
export async function snapshotOpenAccounts(deps: TradingDeps, periodMs = SNAPSHOT_PERIOD_MS): Promise<number> {
  const now = deps.clock();
  const periodStart = new Date(Math.floor(now / periodMs) * periodMs);
  const accounts = await deps.db
    .selectDistinct({ accountId: positions.accountId })
    .from(positions)
    .where(gt(positions.qty, '0'));
  const marks = cacheMarks(deps.cache);
  let written = 0;
  for (const { accountId } of accounts) {
    await deps.db.transaction(async (tx) => {
      const account = await lockAccount(tx, accountId);
      const [already] = await tx
        .select({ id: equitySnapshots.id })
        .from(equitySnapshots)
        .where(
          and(
            eq(equitySnapshots.accountId, accountId),
            eq(equitySnapshots.reason, 'schedule'),
            gte(equitySnapshots.ts, periodStart),
          ),
        )
        .limit(1);
      if (already) return;
      await recordEquitySnapshot(tx, account, now, 'schedule', marks);
      written++;
    });
  }
  return written;
}
