import { count, sql } from 'drizzle-orm';
import { users, type UserRole } from '@/db/schema';
import type { Db } from '@/server/infra/db/types';

/**
 * The role for an account about to be created in transaction `tx`: admin for the first account on an empty
 * database, user after that. It first takes a transaction-scoped advisory lock, so "is the table empty?" and
 * the insert that follows are one step and two first sign-ups (password or OAuth) cannot both become admin.
 */
export async function lockNewUserRole(tx: Db): Promise<UserRole> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('primetrade:first-user'))`);
  const [{ n } = { n: 0 }] = await tx.select({ n: count() }).from(users);
  return n === 0 ? 'admin' : 'user';
}
