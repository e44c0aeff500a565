import { and, asc, eq, ilike, or, sql } from 'drizzle-orm';
import { users, type UserRole } from '@/db/schema';
import { forgetUserStatus } from './sessions';
import { AppError } from '@/server/errors';
import type { Infra } from '@/server/infra/infra';
import { recordAudit } from '@/server/services/audit/record';
import { containsPattern } from '@/server/infra/db/contains-pattern';

export interface AdminUserRow {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  disabledAt: Date | null;
  createdAt: Date;
}

const columns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  disabledAt: users.disabledAt,
  createdAt: users.createdAt,
};

/** Users oldest first; the cursor is the last row's id (ties on created_at broken by id). */
export async function listUsers(
  db: Infra['db'],
  opts: { limit: number; cursor?: string; q?: string },
): Promise<{ data: AdminUserRow[]; nextCursor: string | null }> {
  const after = opts.cursor
    ? sql`(${users.createdAt}, ${users.id}) > (select created_at, id from users where id = ${opts.cursor})`
    : undefined;
  const search = opts.q ? or(ilike(users.email, containsPattern(opts.q)), ilike(users.name, containsPattern(opts.q))) : undefined;
  const rows = await db
    .select(columns)
    .from(users)
    .where(and(after, search))
    .orderBy(asc(users.createdAt), asc(users.id))
    .limit(opts.limit + 1);
  const page = rows.slice(0, opts.limit);
  return { data: page, nextCursor: rows.length > opts.limit ? page[page.length - 1]!.id : null };
}

export interface UserChange {
  role?: UserRole;
  disabled?: boolean;
}

/**
 * Changes a user's role, disabled state or both, in one transaction with one audit entry per change: a
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
  const { role, disabled } = change;
  const row = await infra.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(users)
      .set({
        ...(role === undefined ? {} : { role }),
        ...(disabled === undefined ? {} : { disabledAt: disabled ? sql`coalesce(${users.disabledAt}, now())` : null }),
      })
      .where(eq(users.id, userId))
      .returning(columns);
    if (!updated) throw new AppError('NOT_FOUND', 'User not found');
    const target = { actorId, targetType: 'user', targetId: userId } as const;
    if (role !== undefined) await recordAudit(tx, { ...target, action: 'user.set_role', details: { role } });
    if (disabled !== undefined) await recordAudit(tx, { ...target, action: disabled ? 'user.disable' : 'user.enable' });
    return updated;
  });
  await forgetUserStatus(infra.cache, userId);
  return row;
}
