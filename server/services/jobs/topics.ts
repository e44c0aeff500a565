/** Bus topic carrying one job's status and progress (an SSE door subscribes to it per job). */
export function jobTopic(jobId: string): string {
  return `job:${jobId}`;
}

/** Published when a job is enqueued, so an idle runner in this process claims it without waiting a poll. */
export const JOBS_QUEUED_TOPIC = 'jobs:queued';
