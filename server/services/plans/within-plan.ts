import { and, count, eq, isNull } from 'drizzle-orm';
import { ENTITLEMENTS } from '@/contracts/plans';
import type { Plan } from '@/contracts/enums';
import { apiKeys, bots, users } from '@/db/schema';
import { AppError } from '@/server/errors';
import type { Db } from '@/server/infra/db/types';

/** The quotas counted here: those whose things exist in this deployment. */
export type EnforcedQuota = 'apiKeys' | 'bots';

const LABELS: Record<EnforcedQuota, string> = { apiKeys: 'active API keys', bots: 'bots' };

/** How many of each thing a user has now. */
const USAGE: Record<EnforcedQuota, (db: Db, userId: string) => Promise<number>> = {
  apiKeys: async (db, userId) =>
    (await db.select({ n: count() }).from(apiKeys).where(and(eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt))))[0]?.n ?? 0,
  bots: async (db, userId) => (await db.select({ n: count() }).from(bots).where(eq(bots.ownerId, userId)))[0]?.n ?? 0,
};

/**
 * Inside the transaction that creates one more `quota` thing: holds the user's row (so two requests at once
 * cannot both see room for one more; rows referencing the user may still be written) and throws PLAN_LIMIT
 * (422, naming the limit) when the plan has no room left.
 */
export async function assertWithinPlan(tx: Db, userId: string, quota: EnforcedQuota): Promise<void> {
  const [user] = await tx.select({ plan: users.plan }).from(users).where(eq(users.id, userId)).for('no key update');
  if (!user) throw new AppError('NOT_FOUND', 'User not found');
  const max = ENTITLEMENTS[user.plan].quotas[quota];
  const used = await USAGE[quota](tx, userId);
  if (used >= max) {
    throw new AppError('UNPROCESSABLE', `Your ${user.plan} plan allows ${max} ${LABELS[quota]}; remove one or move to a bigger plan`, {
      reason: 'PLAN_LIMIT',
      details: { limit: quota, plan: user.plan, max, used },
    });
  }
}

/** The plan, its entitlements and current usage, for `GET /me`. */
export async function planSummary(db: Db, userId: string, plan: Plan) {
  const [keys, botCount] = await Promise.all([USAGE.apiKeys(db, userId), USAGE.bots(db, userId)]);
  return { plan, limits: ENTITLEMENTS[plan], usage: { apiKeys: keys, bots: botCount } };
}
