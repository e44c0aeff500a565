import { and, eq, gt, isNull } from 'drizzle-orm';
import { passwordResetTokens, users } from '@/db/schema';
import { noticeSecurityEvent } from './security-notice';
import { AppError } from '@/server/errors';
import type { Infra } from '@/server/infra/infra';
import type { Log } from '@/server/infra/log';
import { recordAudit } from '@/server/services/audit/record';
import type { Mailer } from '@/server/services/mail/mailer';
import { assertRateLimit } from '@/server/services/rate-limit/assert';
import { hashPassword } from '@/server/services/users/passwords';
import { forgetUserStatus } from '@/server/services/users/sessions';
import { hashToken, randomToken } from './hash-token';
import { revokeOtherSessions } from './user-sessions';

export const RESET_TOKEN_TTL_MS = 30 * 60_000;

export interface ResetDeps extends Pick<Infra, 'db' | 'ratelimit' | 'clock'> {
  mailer: Mailer;
  log: Log;
  /** The site's address; the link is `${appUrl}/reset-password?token=…`. */
  appUrl: string;
}

/**
 * Emails a reset link if the address belongs to an account. The caller learns nothing either way: the
 * answer is the same, and the slow part (looking up, writing the token, talking to SMTP) happens after the
 * answer, so timing does not tell known addresses apart. `delivery` settles when that work is done.
 */
export async function requestPasswordReset(deps: ResetDeps, email: string, ip: string): Promise<{ delivery: Promise<void> }> {
  await assertRateLimit(deps.ratelimit, 'auth:reset', `ip:${ip}`);
  await assertRateLimit(deps.ratelimit, 'auth:reset', `email:${email}`);
  const delivery = sendResetLink(deps, email).catch((err: unknown) => deps.log.error({ err }, 'password reset email failed'));
  return { delivery };
}

async function sendResetLink(deps: ResetDeps, email: string): Promise<void> {
  const [user] = await deps.db.select({ id: users.id, disabledAt: users.disabledAt }).from(users).where(eq(users.email, email));
  if (!user || user.disabledAt) return;
  const token = randomToken();
  await deps.db.insert(passwordResetTokens).values({
    tokenHash: hashToken(token),
    userId: user.id,
    expiresAt: new Date(deps.clock() + RESET_TOKEN_TTL_MS),
  });
  const link = `${deps.appUrl.replace(/\/$/, '')}/reset-password?token=${token}`;
  await deps.mailer.send({
    to: email,
    subject: 'Reset your PrimeTrade password',
    text: `Someone asked to reset the password of your PrimeTrade account.\n\nTo choose a new password, open this link within 30 minutes:\n${link}\n\nIf it was not you, ignore this email; your password stays as it is.`,
  });
}

/**
 * Sets a new password with a reset token: the token is spent in the same conditional UPDATE that checks it
 * (single use, even under concurrent clicks), every other reset link of the user dies with it, and every
 * session and access token of the account is revoked.
 */
export async function confirmPasswordReset(deps: Pick<Infra, 'db' | 'cache' | 'clock' | 'bus'>, token: string, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  const userId = await deps.db.transaction(async (tx) => {
    const now = new Date(deps.clock());
    const [spent] = await tx
      .update(passwordResetTokens)
      .set({ usedAt: now })
      .where(and(eq(passwordResetTokens.tokenHash, hashToken(token)), isNull(passwordResetTokens.usedAt), gt(passwordResetTokens.expiresAt, now)))
      .returning({ userId: passwordResetTokens.userId });
    if (!spent) {
      throw new AppError('BAD_REQUEST', 'This reset link is invalid, used or expired; ask for a new one', {
        reason: 'RESET_TOKEN_INVALID',
        details: { fieldErrors: { token: ['This reset link is invalid, used or expired'] } },
      });
    }
    await tx.update(passwordResetTokens).set({ usedAt: now }).where(and(eq(passwordResetTokens.userId, spent.userId), isNull(passwordResetTokens.usedAt)));
    await tx.update(users).set({ passwordHash }).where(eq(users.id, spent.userId));
    await recordAudit(tx, { actorId: spent.userId, action: 'security.password_reset', targetType: 'user', targetId: spent.userId });
    return spent.userId;
  });
  await revokeOtherSessions(deps, userId, null);
  await forgetUserStatus(deps.cache, userId);
  await noticeSecurityEvent(deps, userId, 'password_reset');
}
