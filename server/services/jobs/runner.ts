import { hostname } from 'node:os';
import type { Job } from '@/db/schema';
import type { Bus, Unsubscribe } from '@/server/infra/bus/types';
import type { Db } from '@/server/infra/db/types';
import { logger } from '@/server/logger';
import { failJob, releaseJob, retryJob, succeedJob } from './finish';
import { createJobRun, JobFailure, type JobHandler } from './job-run';
import { claimNextJob, extendLease, LeaseLostError, type Lease } from './lease';
import { announceJob, jobTopic, JOBS_QUEUED_TOPIC } from './topics';

export interface JobRunnerOptions {
  db: Db;
  bus: Bus;
  handlers: Record<string, JobHandler>;
  runnerId?: string;
  /** How long a claim holds without a heartbeat; a crashed runner's jobs are reclaimed after it. */
  leaseMs?: number;
  /** Idle wait between claims (a local enqueue wakes the runner at once). */
  pollMs?: number;
}

export interface JobRunner {
  readonly runnerId: string;
  /** Claims and runs one job; false when none was due. */
  runOnce(): Promise<boolean>;
  start(): Promise<void>;
  /** Stops claiming, interrupts the current job and hands it back (resumed by the next runner). */
  stop(): Promise<void>;
}

class RunnerStopped extends Error {
  constructor() {
    super('Job runner stopped');
    this.name = 'RunnerStopped';
  }
}

/** Runs jobs one at a time: claim, heartbeat the lease, run the handler, settle the job. */
export function createJobRunner(opts: JobRunnerOptions): JobRunner {
  const { db, bus, handlers } = opts;
  const lease: Lease = {
    runnerId: opts.runnerId ?? `${hostname()}:${process.pid}:${crypto.randomUUID().slice(0, 8)}`,
    leaseMs: opts.leaseMs ?? 30_000,
  };
  const pollMs = opts.pollMs ?? 1000;
  const log = logger.child({ runner: lease.runnerId });

  let running = false;
  let loop: Promise<void> | null = null;
  let current: AbortController | null = null;
  let wake: (() => void) | null = null;
  let unsubscribe: Unsubscribe | null = null;

  async function execute(job: Job): Promise<void> {
    const handler = handlers[job.kind];
    await announceJob(bus, jobTopic(job.id), job);
    if (!handler || job.attempts > job.maxAttempts) {
      const why = handler ? `Gave up after ${job.maxAttempts} attempts` : `No handler for job kind ${job.kind}`;
      await failJob(db, bus, job, lease, handler, job.lastError ? `${why}: ${job.lastError}` : why);
      return;
    }

    const controller = new AbortController();
    current = controller;
    const heartbeat = setInterval(() => {
      extendLease(db, job, lease).then(
        (held) => held || controller.abort(new LeaseLostError(job.id)),
        // A missed beat is survivable: the next beat or the commit fence decides.
        (error: unknown) => log.warn({ err: error, jobId: job.id }, 'job heartbeat failed'),
      );
    }, Math.max(10, Math.floor(lease.leaseMs / 3)));

    try {
      const result = await handler.run(createJobRun({ db, bus, job, lease, signal: controller.signal }));
      await succeedJob(db, bus, job, lease, result);
    } catch (error) {
      const reason: unknown = controller.signal.aborted ? controller.signal.reason : error;
      if (reason instanceof LeaseLostError || error instanceof LeaseLostError) {
        log.warn({ jobId: job.id }, 'job taken away (lease lost or job canceled); dropping this attempt');
      } else if (reason instanceof RunnerStopped) {
        await releaseJob(db, bus, job, lease);
      } else if (error instanceof JobFailure) {
        await failJob(db, bus, job, lease, handler, error.message);
      } else {
        log.error({ err: error, jobId: job.id, attempt: job.attempts }, 'job attempt failed');
        const message = 'internal error';
        if (job.attempts >= job.maxAttempts) await failJob(db, bus, job, lease, handler, message);
        else await retryJob(db, bus, job, lease, message);
      }
    } finally {
      clearInterval(heartbeat);
      current = null;
    }
  }

  async function runOnce(): Promise<boolean> {
    const job = await claimNextJob(db, { ...lease, kinds: Object.keys(handlers) });
    if (!job) return false;
    await execute(job);
    return true;
  }

  const idle = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => resolve(), pollMs);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    }).finally(() => {
      wake = null;
    });

  async function work(): Promise<void> {
    while (running) {
      try {
        if (!(await runOnce()) && running) await idle();
      } catch (error) {
        log.error({ err: error }, 'job runner could not claim; retrying');
        if (running) await idle();
      }
    }
  }

  return {
    runnerId: lease.runnerId,
    runOnce,
    async start() {
      if (running) return;
      running = true;
      unsubscribe = await bus.subscribe(JOBS_QUEUED_TOPIC, () => wake?.());
      loop = work();
    },
    async stop() {
      running = false;
      wake?.();
      current?.abort(new RunnerStopped());
      await loop;
      await unsubscribe?.();
      loop = null;
      unsubscribe = null;
    },
  };
}
