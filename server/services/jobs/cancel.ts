import { and, eq, inArray } from 'drizzle-orm';
import { jobInputs, jobs } from '@/db/schema';
import { AppError } from '@/server/errors';
import type { Bus } from '@/server/infra/bus/types';
import type { Db } from '@/server/infra/db/types';
import type { Actor } from '@/server/services/tasks/actor';
import { JOB_HANDLERS } from './handlers';
import { announceJob, jobTopic } from './topics';
import { toJobView, type JobView } from './view';

/**
 * Cancels the actor's queued or running job and takes back what it already did (the handler's `undo`), in
 * one transaction. A runner still working on it is fenced out: its next commit finds the job no longer
 * running and rolls back. Owner only — admins read others' jobs but do not cancel them.
 */
export async function cancelJob(db: Db, bus: Bus, actor: Actor, id: string): Promise<JobView> {
  const job = await db.transaction(async (tx) => {
    const [canceled] = await tx
      .update(jobs)
      .set({ status: 'canceled', finishedAt: new Date(), lockedBy: null, lockedUntil: null })
      .where(and(eq(jobs.id, id), eq(jobs.ownerId, actor.id), inArray(jobs.status, ['queued', 'running'])))
      .returning();
    if (!canceled) {
      const [existing] = await tx
        .select({ status: jobs.status })
        .from(jobs)
        .where(and(eq(jobs.id, id), eq(jobs.ownerId, actor.id)));
      if (!existing) throw new AppError('NOT_FOUND', 'Job not found');
      throw new AppError('CONFLICT', `The job is already ${existing.status}`, { reason: 'JOB_FINISHED' });
    }
    await JOB_HANDLERS[canceled.kind]?.undo?.(tx, canceled);
    await tx.delete(jobInputs).where(eq(jobInputs.jobId, id));
    return canceled;
  });
  await announceJob(bus, jobTopic(id), job);
  return toJobView(job);
}
