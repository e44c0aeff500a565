import { eq } from 'drizzle-orm';
import { securityPolicy, twoFactorSecrets } from '@/db/schema';
import { AppError } from '@/server/errors';
import type { Infra } from '@/server/infra/infra';
import type { Db } from '@/server/infra/db/types';
import { recordAudit } from '@/server/services/audit/record';
import { readThrough } from '@/server/services/cache/read-through';

// Read on every admin call: cached briefly, dropped at once when an admin changes it.
const POLICY_KEY = 'security:policy';
const POLICY_TTL_MS = 30_000;

export async function getSecurityPolicy(infra: Pick<Infra, 'db' | 'cache'>): Promise<{ requireAdminTwoFactor: boolean }> {
  return readThrough(infra.cache, POLICY_KEY, POLICY_TTL_MS, async () => {
    const [row] = await infra.db.select().from(securityPolicy).where(eq(securityPolicy.id, 1));
    return { requireAdminTwoFactor: row?.requireAdminTwoFactor ?? false };
  });
}

/** Turning the requirement on needs the admin's own 2FA on, so the switch never locks out who flips it. */
export async function setRequireAdminTwoFactor(infra: Pick<Infra, 'db' | 'cache'>, actorId: string, on: boolean) {
  if (on && !(await hasTwoFactor(infra.db, actorId))) {
    throw new AppError('CONFLICT', 'Turn on your own two-factor sign-in first', { reason: 'TWO_FACTOR_REQUIRED' });
  }
  await infra.db.transaction(async (tx) => {
    await tx
      .insert(securityPolicy)
      .values({ id: 1, requireAdminTwoFactor: on })
      .onConflictDoUpdate({ target: securityPolicy.id, set: { requireAdminTwoFactor: on, updatedAt: new Date() } });
    await recordAudit(tx, { actorId, action: 'security.require_admin_2fa', targetType: 'platform', targetId: 'security_policy', details: { on } });
  });
  await infra.cache.del(POLICY_KEY);
  return { requireAdminTwoFactor: on };
}

/**
 * For admin procedures: with the requirement on, an admin without 2FA is refused (403 TWO_FACTOR_REQUIRED)
 * until they turn it on in Settings → Security, which stays open to them.
 */
export async function assertAdminTwoFactor(infra: Pick<Infra, 'db' | 'cache'>, userId: string): Promise<void> {
  if (!(await getSecurityPolicy(infra)).requireAdminTwoFactor) return;
  if (await hasTwoFactor(infra.db, userId)) return;
  throw new AppError('FORBIDDEN', 'Admins must turn on two-factor sign-in (Settings → Security) to use admin tools', {
    reason: 'TWO_FACTOR_REQUIRED',
  });
}

async function hasTwoFactor(db: Db, userId: string): Promise<boolean> {
  const [row] = await db.select({ enabledAt: twoFactorSecrets.enabledAt }).from(twoFactorSecrets).where(eq(twoFactorSecrets.userId, userId));
  return Boolean(row?.enabledAt);
}
