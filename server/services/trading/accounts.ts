import { eq } from 'drizzle-orm';
import { LRUCache } from 'lru-cache';
import { cashMovements, paperAccounts, type PaperAccount } from '@/db/schema';
import type { Db } from '@/server/infra/db/types';
import { ACCOUNT_DEFAULTS } from './account-defaults';
import { str } from './money';

/**
 * The user's paper account, created on first use. `on conflict do nothing` makes two first requests
 * racing each other end with one account; only the one that created it records the opening deposit.
 */
export async function ensureAccount(db: Db, userId: string): Promise<PaperAccount> {
  const [existing] = await db.select().from(paperAccounts).where(eq(paperAccounts.userId, userId));
  if (existing) return existing;
  return db.transaction(async (tx) => {
    const initial = str(ACCOUNT_DEFAULTS.initialCash);
    const [created] = await tx
      .insert(paperAccounts)
      .values({
        userId,
        initialCash: initial,
        cash: initial,
        maxOrderNotional: str(ACCOUNT_DEFAULTS.maxOrderNotional),
        maxPositionNotional: str(ACCOUNT_DEFAULTS.maxPositionNotional),
        dailyLossLimit: str(ACCOUNT_DEFAULTS.dailyLossLimit),
      })
      .onConflictDoNothing({ target: paperAccounts.userId })
      .returning();
    if (created) {
      await tx.insert(cashMovements).values({ accountId: created.id, kind: 'deposit', amount: initial, balanceAfter: initial });
      return created;
    }
    const [row] = await tx.select().from(paperAccounts).where(eq(paperAccounts.userId, userId));
    return row!;
  });
}

/** Locks the account row for the rest of the transaction: every ledger change for it waits here. */
export async function lockAccount(tx: Db, accountId: string): Promise<PaperAccount> {
  const [row] = await tx.select().from(paperAccounts).where(eq(paperAccounts.id, accountId)).for('update');
  if (!row) throw new Error(`paper account ${accountId} vanished`);
  return row;
}

/**
 * The user's account id. An account's id never changes (a reset keeps it), so it is remembered per process
 * and the hot path skips one statement; a deleted user cannot reach here (their session is refused first).
 */
const accountIds = new LRUCache<string, string>({ max: 50_000 });

export async function accountIdFor(db: Db, userId: string): Promise<string> {
  const known = accountIds.get(userId);
  if (known) return known;
  const { id } = await ensureAccount(db, userId);
  accountIds.set(userId, id);
  return id;
}
