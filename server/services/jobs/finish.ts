import { eq, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { jobInputs, jobs, type Job } from '@/db/schema';
import type { Bus } from '@/server/infra/bus/types';
import type { Db } from '@/server/infra/db/types';
import { heldBy, LeaseLostError, type Lease } from './lease';
import { announceJob, jobTopic } from './topics';
import type { JobHandler } from './job-run';

const unlocked = { lockedBy: null, lockedUntil: null } as const;

/**
 * Moves a held job to its next state and tells subscribers. Every move is fenced by the lease, so a
 * runner that lost the job changes nothing. Terminal moves drop the stored input: it is no longer needed.
 */
async function settle(
  db: Db,
  bus: Bus,
  job: Job,
  lease: Lease,
  change: PgUpdateSetSource<typeof jobs>,
  before?: (tx: Db) => Promise<void>,
): Promise<boolean> {
  const terminal = change.status === 'succeeded' || change.status === 'failed';
  const row = await db
    .transaction(async (tx) => {
      await before?.(tx);
      const [updated] = await tx.update(jobs).set(change).where(heldBy(job, lease.runnerId)).returning();
      // Not ours any more: throwing also rolls back whatever `before` did.
      if (!updated) throw new LeaseLostError(job.id);
      if (terminal) await tx.delete(jobInputs).where(eq(jobInputs.jobId, job.id));
      return updated;
    })
    .catch((error: unknown) => {
      if (error instanceof LeaseLostError) return null;
      throw error;
    });
  if (row) await announceJob(bus, jobTopic(job.id), row);
  return row !== null;
}

export function succeedJob(db: Db, bus: Bus, job: Job, lease: Lease, result: Record<string, unknown>) {
  return settle(db, bus, job, lease, {
    status: 'succeeded',
    result,
    lastError: null,
    finishedAt: new Date(),
    ...unlocked,
  });
}

/** Fails for good; the handler's `undo` runs in the same transaction so no partial effect survives. */
export function failJob(db: Db, bus: Bus, job: Job, lease: Lease, handler: JobHandler | undefined, message: string) {
  return settle(
    db,
    bus,
    job,
    lease,
    { status: 'failed', lastError: message, finishedAt: new Date(), ...unlocked },
    handler?.undo ? (tx) => handler.undo!(tx, job) : undefined,
  );
}

/** Back to the queue after a transient failure, with a backoff that grows per attempt. */
export function retryJob(db: Db, bus: Bus, job: Job, lease: Lease, message: string) {
  const backoffMs = Math.min(60_000, 1000 * 2 ** job.attempts);
  return settle(db, bus, job, lease, {
    status: 'queued',
    lastError: message,
    runAfter: sql`now() + (${backoffMs}::integer * interval '1 millisecond')`,
    ...unlocked,
  });
}

/** Hands the job back at once (graceful stop): the next runner resumes it from its checkpoint. */
export function releaseJob(db: Db, bus: Bus, job: Job, lease: Lease) {
  return settle(db, bus, job, lease, {
    status: 'queued',
    runAfter: sql`now()`,
    // The attempt was cut short, not failed: it does not count against the job.
    attempts: sql`${jobs.attempts} - 1`,
    ...unlocked,
  });
}
