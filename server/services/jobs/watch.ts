import type { JobStatus } from '@/db/schema';
import type { Bus } from '@/server/infra/bus/types';
import type { Db } from '@/server/infra/db/types';
import type { Actor } from '@/server/services/tasks/actor';
import { getJob } from './read';
import { jobTopic } from './topics';
import { toJobProgress, type JobProgress } from './view';

const FINAL: JobStatus[] = ['succeeded', 'failed', 'canceled'];

/**
 * A job's progress as a stream: the current state first, then every change until the job finishes or
 * `signal` aborts. Subscribes before reading the snapshot so no change falls in between; a reconnecting
 * client simply starts over from a fresh snapshot. Access as for `getJob` (NOT_FOUND for others' jobs).
 */
export async function* watchJobProgress(opts: {
  db: Db;
  bus: Bus;
  actor: Actor;
  jobId: string;
  signal?: AbortSignal;
}): AsyncGenerator<JobProgress> {
  const pending: JobProgress[] = [];
  let wake: (() => void) | null = null;
  const unsubscribe = await opts.bus.subscribe<JobProgress>(jobTopic(opts.jobId), ({ data }) => {
    pending.push(data);
    wake?.();
  });
  const onAbort = () => wake?.();
  opts.signal?.addEventListener('abort', onAbort);
  try {
    const snapshot = await getJob(opts.db, opts.actor, opts.jobId);
    let last = toJobProgress({ ...snapshot, lastError: snapshot.error });
    yield last;
    while (!FINAL.includes(last.status) && !opts.signal?.aborted) {
      if (pending.length === 0) {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
        continue;
      }
      const next = pending.shift()!;
      // Changes published before the snapshot was read are already in it.
      if (next.status === last.status && next.processed <= last.processed) continue;
      last = next;
      yield last;
    }
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    await unsubscribe();
  }
}
