import { and, eq } from 'drizzle-orm';
import { accounts, users } from '@/db/schema';
import { AppError } from '@/server/errors';
import type { Db } from '@/server/infra/db/types';
import { lockNewUserRole } from './first-user';
import { toPublicUser, type PublicUser } from './public-user';

export interface OAuthIdentity {
  provider: string;
  providerAccountId: string;
  type: string;
  email: string;
  name: string;
}

/**
 * The user for an OAuth sign-in: the linked one, else the account with the same (provider-verified)
 * email, else a new account. Disabled accounts are refused.
 */
export async function findOrCreateOAuthUser(db: Db, identity: OAuthIdentity): Promise<PublicUser> {
  const email = identity.email.trim().toLowerCase();
  const user = await db.transaction(async (tx) => {
    const [linked] = await tx
      .select({ user: users })
      .from(accounts)
      .innerJoin(users, eq(users.id, accounts.userId))
      .where(and(eq(accounts.provider, identity.provider), eq(accounts.providerAccountId, identity.providerAccountId)))
      .limit(1);
    if (linked) return linked.user;

    // Under the first-user lock, which also makes the email lookup and the insert one step.
    const role = await lockNewUserRole(tx);
    let [existing] = await tx.select().from(users).where(eq(users.email, email)).limit(1);
    if (!existing) {
      [existing] = await tx.insert(users).values({ email, name: identity.name || email, role }).returning();
    }
    await tx.insert(accounts).values({
      userId: existing!.id,
      type: identity.type,
      provider: identity.provider,
      providerAccountId: identity.providerAccountId,
    });
    return existing!;
  });
  if (user.disabledAt) throw new AppError('FORBIDDEN', 'This account is disabled', { reason: 'ACCOUNT_DISABLED' });
  return toPublicUser(user);
}
