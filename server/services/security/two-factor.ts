import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import QRCode from 'qrcode';
import { recoveryCodes, twoFactorSecrets, users } from '@/db/schema';
import { noticeSecurityEvent } from './security-notice';
import { AppError } from '@/server/errors';
import type { Infra } from '@/server/infra/infra';
import type { Db } from '@/server/infra/db/types';
import { recordAudit } from '@/server/services/audit/record';
import { assertRateLimit } from '@/server/services/rate-limit/assert';
import { verifyPassword } from '@/server/services/users/passwords';
import { hashToken } from './hash-token';
import { matchingStep, newTotpSecret, otpauthUrl } from './totp';

export const RECOVERY_CODE_COUNT = 10;
type Deps = Pick<Infra, 'db' | 'clock' | 'ratelimit' | 'bus'>;

const invalidCode = () => new AppError('UNAUTHORIZED', 'That code is not valid', { reason: 'OTP_INVALID' });

/**
 * Starts (or restarts) setup: a fresh 160-bit secret, its otpauth:// URL and a QR code of it made here, so the
 * secret never reaches a third-party QR service. Nothing changes for sign-in until `enableTwoFactor`.
 */
export async function setupTwoFactor(db: Db, user: { id: string; email: string }) {
  if (await isTwoFactorEnabled(db, user.id)) {
    throw new AppError('CONFLICT', 'Two-factor sign-in is already on; turn it off first to change the secret', { reason: 'TWO_FACTOR_ON' });
  }
  const secret = newTotpSecret();
  await db
    .insert(twoFactorSecrets)
    .values({ userId: user.id, secret })
    .onConflictDoUpdate({ target: twoFactorSecrets.userId, set: { secret, enabledAt: null, lastUsedStep: null, createdAt: new Date() } });
  const url = otpauthUrl(secret, user.email);
  return { secret, otpauthUrl: url, qrSvg: await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 }) };
}

/** Turns 2FA on with a first valid code; answers the recovery codes, which are shown this once only. */
export async function enableTwoFactor(deps: Deps, userId: string, code: string): Promise<{ recoveryCodes: string[] }> {
  await assertRateLimit(deps.ratelimit, 'auth:otp', userId);
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await deps.db.transaction(async (tx) => {
    const [row] = await tx.select().from(twoFactorSecrets).where(eq(twoFactorSecrets.userId, userId)).for('update');
    if (!row) throw new AppError('CONFLICT', 'Start the setup first', { reason: 'TWO_FACTOR_NOT_SET_UP' });
    if (row.enabledAt) throw new AppError('CONFLICT', 'Two-factor sign-in is already on', { reason: 'TWO_FACTOR_ON' });
    const step = matchingStep(row.secret, code, deps.clock());
    if (step === null) throw invalidCode();
    await tx.update(twoFactorSecrets).set({ enabledAt: new Date(deps.clock()), lastUsedStep: step }).where(eq(twoFactorSecrets.userId, userId));
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
    await tx.insert(recoveryCodes).values(codes.map((c) => ({ userId, codeHash: hashToken(normaliseRecoveryCode(c)) })));
    await recordAudit(tx, { actorId: userId, action: 'security.2fa_enabled', targetType: 'user', targetId: userId });
  });
  await noticeSecurityEvent(deps, userId, 'two_factor_enabled');
  return { recoveryCodes: codes };
}

/** Turns 2FA off, proven by a current code (TOTP or recovery) or the account password. */
export async function disableTwoFactor(deps: Deps, userId: string, proof: { code?: string; password?: string }): Promise<void> {
  await assertRateLimit(deps.ratelimit, 'auth:otp', userId);
  if (!(await isTwoFactorEnabled(deps.db, userId))) return;
  if (proof.code !== undefined) {
    await consumeSecondFactor(deps.db, deps.clock, userId, proof.code);
  } else {
    const [user] = await deps.db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, userId));
    if (!user?.hash || !(await verifyPassword(user.hash, proof.password ?? ''))) {
      throw new AppError('UNAUTHORIZED', 'Wrong password', { reason: 'INVALID_CREDENTIALS', details: { fieldErrors: { password: ['Wrong password'] } } });
    }
  }
  await deps.db.transaction(async (tx) => {
    await tx.delete(twoFactorSecrets).where(eq(twoFactorSecrets.userId, userId));
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
    await recordAudit(tx, { actorId: userId, action: 'security.2fa_disabled', targetType: 'user', targetId: userId });
  });
  await noticeSecurityEvent(deps, userId, 'two_factor_disabled');
}

export async function isTwoFactorEnabled(db: Db, userId: string): Promise<boolean> {
  const [row] = await db.select({ enabledAt: twoFactorSecrets.enabledAt }).from(twoFactorSecrets).where(eq(twoFactorSecrets.userId, userId));
  return Boolean(row?.enabledAt);
}

export async function twoFactorStatus(db: Db, userId: string) {
  const enabled = await isTwoFactorEnabled(db, userId);
  if (!enabled) return { enabled, recoveryCodesLeft: 0 };
  const [left] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return { enabled, recoveryCodesLeft: left?.n ?? 0 };
}

/**
 * Accepts a TOTP code or a recovery code, each at most once. A TOTP code moves the user's last used step
 * forward in one conditional UPDATE, so the same code (or an older one) is refused even when two requests
 * present it at the same moment; a recovery code is marked used the same way.
 */
export async function consumeSecondFactor(db: Db, clock: Infra['clock'], userId: string, otp: string): Promise<'totp' | 'recovery'> {
  const compact = otp.replace(/[\s-]/g, '');
  if (/^\d{6}$/.test(compact)) {
    const [row] = await db.select({ secret: twoFactorSecrets.secret }).from(twoFactorSecrets).where(eq(twoFactorSecrets.userId, userId));
    const step = row ? matchingStep(row.secret, compact, clock()) : null;
    if (step === null) throw invalidCode();
    const taken = await db
      .update(twoFactorSecrets)
      .set({ lastUsedStep: step })
      .where(and(eq(twoFactorSecrets.userId, userId), or(isNull(twoFactorSecrets.lastUsedStep), lt(twoFactorSecrets.lastUsedStep, step))))
      .returning({ userId: twoFactorSecrets.userId });
    if (taken.length === 0) throw invalidCode();
    return 'totp';
  }
  const used = await db
    .update(recoveryCodes)
    .set({ usedAt: new Date(clock()) })
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, hashToken(normaliseRecoveryCode(otp))), isNull(recoveryCodes.usedAt)))
    .returning({ id: recoveryCodes.id });
  if (used.length === 0) throw invalidCode();
  await recordAudit(db, { actorId: userId, action: 'security.recovery_code_used', targetType: 'user', targetId: userId });
  return 'recovery';
}

// Crockford's base32 alphabet (no i, l, o, u to misread): 10 characters, 50 bits, typed as `xxxxx-xxxxx`.
// 32 symbols, so `b & 31` picks one without bias.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
function newRecoveryCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(10));
  const chars = Array.from(bytes, (b) => ALPHABET[b & 31]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

function normaliseRecoveryCode(code: string): string {
  return code.replace(/[\s-]/g, '').toLowerCase();
}
