import { eq } from 'drizzle-orm';
import { users } from '@/db/schema';
import { noticeSecurityEvent } from './security-notice';
import { AppError } from '@/server/errors';
import type { Infra } from '@/server/infra/infra';
import { recordAudit } from '@/server/services/audit/record';
import { assertRateLimit } from '@/server/services/rate-limit/assert';
import { hashPassword, verifyPassword } from '@/server/services/users/passwords';
import { revokeOtherSessions } from './user-sessions';

/**
 * Changes the password after checking the current one, then signs out every other browser and access
 * token: whoever knew the old password loses what they opened with it.
 */
export async function changePassword(
  deps: Pick<Infra, 'db' | 'cache' | 'ratelimit' | 'bus'>,
  userId: string,
  currentSid: string,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  await assertRateLimit(deps.ratelimit, 'auth:login', `user:${userId}`);
  const [user] = await deps.db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, userId));
  if (!user?.hash || !(await verifyPassword(user.hash, input.currentPassword))) {
    throw new AppError('UNAUTHORIZED', 'Your current password is not right', {
      reason: 'INVALID_CREDENTIALS',
      details: { fieldErrors: { currentPassword: ['Your current password is not right'] } },
    });
  }
  const passwordHash = await hashPassword(input.newPassword);
  await deps.db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, userId));
    await recordAudit(tx, { actorId: userId, action: 'security.password_changed', targetType: 'user', targetId: userId });
  });
  await revokeOtherSessions(deps, userId, currentSid);
  await noticeSecurityEvent(deps, userId, 'password_changed');
}
