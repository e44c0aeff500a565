import { eq } from 'drizzle-orm';
import { users } from '@/db/schema';
import { AppError } from '@/server/errors';
import type { Db } from '@/server/infra/db/types';
import { planSummary } from '@/server/services/plans/within-plan';
import type { PublicUser } from '@/server/services/users/public-user';
import { isTwoFactorEnabled } from './two-factor';

export async function getProfile(db: Db, user: PublicUser) {
  const [row] = await db.select({ plan: users.plan }).from(users).where(eq(users.id, user.id));
  if (!row) throw new AppError('NOT_FOUND', 'User not found');
  const [plan, twoFactor] = await Promise.all([planSummary(db, user.id, row.plan), isTwoFactorEnabled(db, user.id)]);
  return { ...user, ...plan, twoFactor: { enabled: twoFactor } };
}
