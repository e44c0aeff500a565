import type { Job } from '@/db/schema';

/** A job as its owner sees it: what it is, how far it got, and what went wrong. */
export function toJobView(j: Job) {
  return {
    id: j.id,
    kind: j.kind,
    status: j.status,
    processed: j.processed,
    total: j.total,
    errors: j.errors,
    errorCount: j.errorCount,
    result: j.result,
    error: j.lastError,
    attempts: j.attempts,
    createdAt: j.createdAt,
    updatedAt: j.updatedAt,
    finishedAt: j.finishedAt,
  };
}
export type JobView = ReturnType<typeof toJobView>;

/** What is pushed on the job's topic at every change: small enough to send per batch. */
export function toJobProgress(j: Pick<Job, 'id' | 'status' | 'processed' | 'total' | 'errorCount' | 'lastError'>) {
  return {
    id: j.id,
    status: j.status,
    processed: j.processed,
    total: j.total,
    errorCount: j.errorCount,
    error: j.lastError,
  };
}
export type JobProgress = ReturnType<typeof toJobProgress>;
