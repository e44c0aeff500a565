import { jobs, type Job } from '@/db/schema';
import type { Db } from '@/server/infra/db/types';

/** Adds a queued job (due at once, or at `runAfter`); pass the transaction that stores its input so both exist or neither does. */
export async function enqueueJob(
  db: Db,
  job: { ownerId: string; kind: string; payload?: Record<string, unknown>; total?: number; runAfter?: Date },
): Promise<Job> {
  const [row] = await db
    .insert(jobs)
    .values({ ownerId: job.ownerId, kind: job.kind, payload: job.payload ?? {}, total: job.total, runAfter: job.runAfter })
    .returning();
  return row!;
}
