import { eq } from 'drizzle-orm';
import { users } from '@/db/schema';
import type { Db } from '@/server/infra/db/types';

/**
 * Holds the user's row for the rest of the transaction, so per-user limits (API keys, watchlist size) are
 * counted and written as one step: two requests at once cannot both see room for one more. `no key update`
 * still lets rows that reference the user be written meanwhile.
 */
export async function lockUser(tx: Db, userId: string): Promise<void> {
  await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for('no key update');
}
