import type { Job } from '@/db/schema';
import type { Bus } from '@/server/infra/bus/types';
import { logger } from '@/server/logger';
import { toJobProgress } from './view';

/** Bus topic carrying one job's status and progress (an SSE door subscribes to it per job). */
export function jobTopic(jobId: string): string {
  return `job:${jobId}`;
}

/** Published when a job is enqueued, so an idle runner in this process claims it without waiting a poll. */
export const JOBS_QUEUED_TOPIC = 'jobs:queued';

type Announced = Pick<Job, 'id' | 'status' | 'processed' | 'total' | 'errorCount' | 'lastError'>;

/**
 * Tells watchers a job moved, best effort: the job's row is the truth (`jobs.get` reads it), so a bus that
 * fails (Redis timing out) costs a live update, never the work — thrown here, it would fail a batch that
 * has already committed and, after enough attempts, undo the whole import.
 */
export async function announceJob(bus: Bus, topic: string, message: Announced | { id: string }): Promise<void> {
  try {
    await bus.publish(topic, 'status' in message ? toJobProgress(message) : message);
  } catch (error) {
    logger.warn({ err: error, jobId: message.id, topic }, 'job update not published');
  }
}
