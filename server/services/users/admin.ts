import { and, asc, eq, ilike, or, sql } from 'drizzle-orm';
import type { Plan } from '@/contracts/enums';
import { users, type UserRole } from '@/db/schema';
import { forgetUserStatus } from './sessions';
import { AppError } from '@/server/errors';
import type { Infra } from '@/server/infra/infra';
import { recordAudit } from '@/server/services/audit/record';
import { containsPattern } from '@/server/infra/db/contains-pattern';
import type { Page } from '@/contracts/common';
import type { ListOrder } from '@/server/services/pagination/cursor';
import { mapPage, paginate, type PageRequest } from '@/server/services/pagination/paginate';

export interface AdminUserRow {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  plan: Plan;
  disabledAt: Date | null;
  createdAt: Date;
}

const columns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  plan: users.plan,
  disabledAt: users.disabledAt,
  createdAt: users.createdAt,
};

/** Oldest first; (created_at, id) breaks ties between same-instant sign-ups. */
const OLDEST_FIRST: ListOrder = { list: 'admin.users', sort: 'createdAt', dir: 'asc', key: ['timestamptz', 'uuid'] };

/** Users, optionally those whose email or name contains `q`. */
export async function listUsers(db: Infra['db'], query: PageRequest & { q?: string }): Promise<Page<AdminUserRow>> {
  const search = query.q ? or(ilike(users.email, containsPattern(query.q)), ilike(users.name, containsPattern(query.q))) : undefined;
  const page = await paginate(
    query,
    OLDEST_FIRST,
    (after, take) =>
      db
        .select({ user: columns, key: sql<string>`${users.createdAt}::text` })
        .from(users)
        .where(and(search, after ? sql`(${users.createdAt}, ${users.id}) > (${after[0]}::timestamptz, ${after[1]}::uuid)` : undefined))
        .orderBy(asc(users.createdAt), asc(users.id))
        .limit(take),
    (row) => [row.key, row.user.id],
  );
  return mapPage(page, (row) => row.user);
}

export interface UserChange {
  role?: UserRole;
  disabled?: boolean;
  /** Admins set it by hand today; a billing webhook would call this same change. */
  plan?: Plan;
}

/**
 * Changes a user's role, disabled state, plan or several, in one transaction with one audit entry per change: a
 * change that is refused (an admin demoting or disabling themselves) leaves everything as it was. Disabling
 * takes effect on the user's next request: their cached status is dropped here.
 */
export async function updateUser(
  infra: Pick<Infra, 'db' | 'cache'>,
  actorId: string,
  userId: string,
  change: UserChange,
): Promise<AdminUserRow> {
  if (actorId === userId && change.role !== undefined && change.role !== 'admin') {
    throw new AppError('CONFLICT', 'You cannot remove your own admin role', { reason: 'SELF_DEMOTION' });
  }
  if (actorId === userId && change.disabled) {
    throw new AppError('CONFLICT', 'You cannot disable your own account', { reason: 'SELF_DISABLE' });
  }
  const { role, disabled, plan } = change;
  const row = await infra.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(users)
      .set({
        ...(role === undefined ? {} : { role }),
        ...(plan === undefined ? {} : { plan }),
        ...(disabled === undefined ? {} : { disabledAt: disabled ? sql`coalesce(${users.disabledAt}, now())` : null }),
      })
      .where(eq(users.id, userId))
      .returning(columns);
    if (!updated) throw new AppError('NOT_FOUND', 'User not found');
    const target = { actorId, targetType: 'user', targetId: userId } as const;
    if (role !== undefined) await recordAudit(tx, { ...target, action: 'user.set_role', details: { role } });
    if (plan !== undefined) await recordAudit(tx, { ...target, action: 'user.set_plan', details: { plan } });
    if (disabled !== undefined) await recordAudit(tx, { ...target, action: disabled ? 'user.disable' : 'user.enable' });
    return updated;
  });
  await forgetUserStatus(infra.cache, userId);
  return row;
}
