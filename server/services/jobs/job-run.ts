import { sql } from 'drizzle-orm';
import { jobs, type Job, type JobRowError } from '@/db/schema';
import type { Bus } from '@/server/infra/bus/types';
import type { Db } from '@/server/infra/db/types';
import { heldBy, leaseEnd, LeaseLostError, type Lease } from './lease';
import { announceJob, jobTopic } from './topics';

/** Row errors kept on the job for its owner to read; the count covers all of them. */
export const ERRORS_KEPT = 1000;

/** A failure retrying cannot fix (bad input): the job fails at once with this message for its owner. */
export class JobFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JobFailure';
  }
}

/** What a handler gets for one attempt at a job. */
export interface JobRun {
  /** The job as claimed: `processed` is the checkpoint to resume from. */
  job: Job;
  db: Db;
  /** The bus, for a handler that tells a live stream what it did (after its transaction commits). */
  bus: Bus;
  /** Aborted when the runner stops or the lease is lost. */
  signal: AbortSignal;
  /**
   * Applies `effects` and records the checkpoint (`processed`, new row errors) in one transaction, only while
   * this attempt still holds the lease — so a crash between batches repeats nothing and loses nothing.
   */
  commit(progress: { processed: number; errors?: JobRowError[] }, effects?: (tx: Db) => Promise<void>): Promise<void>;
}

export interface JobHandler {
  /** Does the work (resuming from `run.job.processed`) and returns the job's result. */
  run(run: JobRun): Promise<Record<string, unknown>>;
  /** Takes back committed effects when the job fails for good, so nothing stays half done. */
  undo?(tx: Db, job: Job): Promise<void>;
}

export function createJobRun(opts: { db: Db; bus: Bus; job: Job; lease: Lease; signal: AbortSignal }): JobRun {
  const { db, bus, job, lease, signal } = opts;
  let errorCount = job.errorCount;
  return {
    job,
    db,
    bus,
    signal,
    async commit(progress, effects) {
      signal.throwIfAborted();
      const newErrors = progress.errors ?? [];
      const kept = newErrors.slice(0, Math.max(0, ERRORS_KEPT - Math.min(errorCount, ERRORS_KEPT)));
      const row = await db.transaction(async (tx) => {
        await effects?.(tx);
        const [updated] = await tx
          .update(jobs)
          .set({
            processed: progress.processed,
            errors: kept.length > 0 ? sql`${jobs.errors} || ${JSON.stringify(kept)}::jsonb` : undefined,
            errorCount: sql`${jobs.errorCount} + ${newErrors.length}::integer`,
            lockedUntil: leaseEnd(lease.leaseMs),
          })
          .where(heldBy(job, lease.runnerId))
          .returning();
        // Throwing rolls `effects` back: another runner owns the job now and will redo this batch.
        if (!updated) throw new LeaseLostError(job.id);
        return updated;
      });
      errorCount += newErrors.length;
      await announceJob(bus, jobTopic(job.id), row);
      // PGlite answers in-process, so a handler can chain batches on microtasks alone and starve every
      // request in this server; give pending I/O its turn between batches.
      await new Promise<void>((resolve) => setImmediate(resolve));
    },
  };
}
