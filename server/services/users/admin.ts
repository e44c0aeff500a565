import { and, asc, eq, ilike, or, sql } from 'drizzle-orm';
import { users, type UserRole } from '@/db/schema';
import { forgetUserStatus } from '@/server/auth/sessions';
import { AppError } from '@/server/errors';
import type { Infra } from '@/server/infra/infra';
import { recordAudit } from '@/server/services/audit/record';

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
  const search = opts.q ? or(ilike(users.email, `%${opts.q}%`), ilike(users.name, `%${opts.q}%`)) : undefined;
  const rows = await db
    .select(columns)
    .from(users)
    .where(and(after, search))
    .orderBy(asc(users.createdAt), asc(users.id))
    .limit(opts.limit + 1);
  const page = rows.slice(0, opts.limit);
  return { data: page, nextCursor: rows.length > opts.limit ? page[page.length - 1]!.id : null };
}

export async function setUserRole(
  infra: Pick<Infra, 'db' | 'cache'>,
  actorId: string,
  userId: string,
  role: UserRole,
): Promise<AdminUserRow> {
  if (actorId === userId && role !== 'admin') {
    throw new AppError('CONFLICT', 'You cannot remove your own admin role', { reason: 'SELF_DEMOTION' });
  }
  const row = await infra.db.transaction(async (tx) => {
    const [updated] = await tx.update(users).set({ role }).where(eq(users.id, userId)).returning(columns);
    if (!updated) throw new AppError('NOT_FOUND', 'User not found');
    await recordAudit(tx, { actorId, action: 'user.set_role', targetType: 'user', targetId: userId, details: { role } });
    return updated;
  });
  await forgetUserStatus(infra.cache, userId);
  return row;
}

/** Disabling takes effect on the user's next request: their cached status is dropped here. */
export async function setUserDisabled(
  infra: Pick<Infra, 'db' | 'cache'>,
  actorId: string,
  userId: string,
  disabled: boolean,
): Promise<AdminUserRow> {
  if (actorId === userId && disabled) {
    throw new AppError('CONFLICT', 'You cannot disable your own account', { reason: 'SELF_DISABLE' });
  }
  const row = await infra.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(users)
      .set({ disabledAt: disabled ? sql`coalesce(${users.disabledAt}, now())` : null })
      .where(eq(users.id, userId))
      .returning(columns);
    if (!updated) throw new AppError('NOT_FOUND', 'User not found');
    await recordAudit(tx, {
      actorId,
      action: disabled ? 'user.disable' : 'user.enable',
      targetType: 'user',
      targetId: userId,
    });
    return updated;
  });
  await forgetUserStatus(infra.cache, userId);
  return row;
}

