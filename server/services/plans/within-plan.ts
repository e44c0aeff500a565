import { and, count, eq, isNull } from 'drizzle-orm';
import { ENTITLEMENTS } from '@/contracts/plans';
import type { Plan } from '@/contracts/enums';
import { alerts, apiKeys, bots, users, webhookEndpoints } from '@/db/schema';
import { AppError } from '@/server/errors';
import type { Db } from '@/server/infra/db/types';

/** The quotas counted here: every one the plans cap. */
export type EnforcedQuota = 'apiKeys' | 'bots' | 'alerts' | 'webhooks';

const LABELS: Record<EnforcedQuota, string> = { apiKeys: 'active API keys', bots: 'bots', alerts: 'active alerts', webhooks: 'webhooks' };

/** How many of each thing a user has now. */
const USAGE: Record<EnforcedQuota, (db: Db, userId: string) => Promise<number>> = {
  apiKeys: async (db, userId) =>
    (await db.select({ n: count() }).from(apiKeys).where(and(eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt))))[0]?.n ?? 0,
  bots: async (db, userId) => (await db.select({ n: count() }).from(bots).where(eq(bots.ownerId, userId)))[0]?.n ?? 0,
  alerts: async (db, userId) =>
    (await db.select({ n: count() }).from(alerts).where(and(eq(alerts.userId, userId), eq(alerts.status, 'active'))))[0]?.n ?? 0,
  webhooks: async (db, userId) => (await db.select({ n: count() }).from(webhookEndpoints).where(eq(webhookEndpoints.userId, userId)))[0]?.n ?? 0,
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
  const [keys, botCount, alertCount, webhookCount] = await Promise.all([
    USAGE.apiKeys(db, userId),
    USAGE.bots(db, userId),
    USAGE.alerts(db, userId),
    USAGE.webhooks(db, userId),
  ]);
  return { plan, limits: ENTITLEMENTS[plan], usage: { apiKeys: keys, bots: botCount, alerts: alertCount, webhooks: webhookCount } };
}

const DAY_MS = 86_400_000;

/** A backtest's span and a sweep's size against the plan (PLAN_LIMIT naming which, like the quotas). */
export async function assertBacktestWithinPlan(db: Db, userId: string, spec: { from: Date; to: Date; combinations: number }): Promise<void> {
  const [user] = await db.select({ plan: users.plan }).from(users).where(eq(users.id, userId));
  if (!user) throw new AppError('NOT_FOUND', 'User not found');
  const { backtestRangeDays, sweepSize } = ENTITLEMENTS[user.plan];
  const days = Math.ceil((spec.to.getTime() - spec.from.getTime()) / DAY_MS);
  if (days > backtestRangeDays) {
    throw new AppError('UNPROCESSABLE', `Your ${user.plan} plan runs backtests over at most ${backtestRangeDays} days (this one covers ${days})`, {
      reason: 'PLAN_LIMIT',
      details: { limit: 'backtestRangeDays', plan: user.plan, max: backtestRangeDays, used: days, fieldErrors: { from: [`At most ${backtestRangeDays} days on the ${user.plan} plan`] } },
    });
  }
  if (spec.combinations > sweepSize) {
    throw new AppError('UNPROCESSABLE', `Your ${user.plan} plan sweeps at most ${sweepSize} combinations (this grid has ${spec.combinations})`, {
      reason: 'PLAN_LIMIT',
      details: { limit: 'sweepSize', plan: user.plan, max: sweepSize, used: spec.combinations, fieldErrors: { grid: [`At most ${sweepSize} combinations on the ${user.plan} plan`] } },
    });
  }
}
