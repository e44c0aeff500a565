import { and, eq, inArray, lt, lte, or, sql } from 'drizzle-orm';
import { jobs, type Job } from '@/db/schema';
import type { Db } from '@/server/infra/db/types';

/** The lease was taken over (it ran out and another runner claimed the job): stop, commit nothing. */
export class LeaseLostError extends Error {
  constructor(jobId: string) {
    super(`Lease on job ${jobId} was lost`);
    this.name = 'LeaseLostError';
  }
}

export interface Lease {
  runnerId: string;
  leaseMs: number;
}

export function leaseEnd(leaseMs: number) {
  return sql`now() + (${leaseMs}::integer * interval '1 millisecond')`;
}

/**
 * Only the holder of the current lease may write: the runner id and the attempt number together fence off
 * a runner that stalled past its lease while another one took over.
 */
export function heldBy(job: Pick<Job, 'id' | 'attempts'>, runnerId: string) {
  return and(
    eq(jobs.id, job.id),
    eq(jobs.lockedBy, runnerId),
    eq(jobs.attempts, job.attempts),
    eq(jobs.status, 'running'),
  );
}

/**
 * Atomically takes the next job this runner can handle: a queued one that is due, or a running one whose
 * lease ran out (its runner crashed or restarted). `skip locked` lets concurrent runners pass each other.
 */
export async function claimNextJob(db: Db, lease: Lease & { kinds: string[] }): Promise<Job | null> {
  if (lease.kinds.length === 0) return null;
  const next = db
    .select({ id: jobs.id })
    .from(jobs)
    .where(
      and(
        inArray(jobs.kind, lease.kinds),
        or(
          and(eq(jobs.status, 'queued'), lte(jobs.runAfter, sql`now()`)),
          and(eq(jobs.status, 'running'), lt(jobs.lockedUntil, sql`now()`)),
        ),
      ),
    )
    .orderBy(jobs.runAfter, jobs.createdAt)
    .limit(1)
    .for('update', { skipLocked: true });
  const [job] = await db
    .update(jobs)
    .set({
      status: 'running',
      lockedBy: lease.runnerId,
      lockedUntil: leaseEnd(lease.leaseMs),
      attempts: sql`${jobs.attempts} + 1`,
    })
    .where(eq(jobs.id, sql`(${next})`))
    .returning();
  return job ?? null;
}

/** Pushes the lease forward; false when it is no longer ours. */
export async function extendLease(db: Db, job: Job, lease: Lease): Promise<boolean> {
  const rows = await db
    .update(jobs)
    .set({ lockedUntil: leaseEnd(lease.leaseMs) })
    .where(heldBy(job, lease.runnerId))
    .returning({ id: jobs.id });
  return rows.length > 0;
}
