import { and, eq } from 'drizzle-orm';
import { backtests } from '@/db/schema';
import { AppError } from '@/server/errors';
import type { Bus } from '@/server/infra/bus/types';
import type { Db } from '@/server/infra/db/types';
import { cancelJob } from '@/server/services/jobs/cancel';
import type { Actor } from '@/server/services/tasks/actor';
import { getBacktest } from './read';

/** Cancels the owner's queued or running backtest (its job); 409 when it already finished. */
export async function cancelBacktest(db: Db, bus: Bus, actor: Actor, id: string) {
  const [bt] = await db
    .select({ jobId: backtests.jobId })
    .from(backtests)
    .where(and(eq(backtests.id, id), eq(backtests.ownerId, actor.id)));
  if (!bt) throw new AppError('NOT_FOUND', 'Backtest not found');
  await cancelJob(db, bus, actor, bt.jobId);
  return getBacktest(db, actor.id, id);
}
