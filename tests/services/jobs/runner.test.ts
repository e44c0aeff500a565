import { count, countDistinct, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jobInputs, jobs, tasks } from '@/db/schema';
import type { SessionUser } from '@/server/api/trpc';
import type { Infra } from '@/server/infra/infra';
import { JOB_HANDLERS } from '@/server/services/jobs/handlers';
import { createJobRun, type JobHandler } from '@/server/services/jobs/job-run';
import { claimNextJob, LeaseLostError } from '@/server/services/jobs/lease';
import { createJobRunner } from '@/server/services/jobs/runner';
import { jobTopic } from '@/server/services/jobs/topics';
import type { JobProgress } from '@/server/services/jobs/view';
import { IMPORT_BATCH_ROWS, taskImportHandler } from '@/server/services/tasks/import/run-import';
import { startTaskImport } from '@/server/services/tasks/import/start-import';
import { createUser } from '../../support/accounts';
import { callerFor } from '../../support/caller';
import { expectTrpcError } from '../../support/errors';
import { createTestInfra } from '../../support/infra';

let infra: Infra;
let alice: SessionUser;
beforeEach(async () => {
  infra = await createTestInfra();
  alice = await createUser(infra, 'Alice');
});
afterEach(async () => infra.close());

const ROWS = 5 * IMPORT_BATCH_ROWS;
const BAD = [17, 3_500];

/** 5 batches of rows, two of them invalid (bad priority), each title unique. */
async function queueImport(): Promise<string> {
  const rows = Array.from({ length: ROWS }, (_, i) => `Task ${i},${BAD.includes(i) ? 'urgent' : 'low'}`);
  const csv = `title,priority\n${rows.join('\n')}\n`;
  const { jobId } = await startTaskImport({ db: infra.db, bus: infra.bus, ownerId: alice.id, csv });
  return jobId;
}

const KINDS = Object.keys(JOB_HANDLERS);
const taskStats = async () =>
  (await infra.db.select({ rows: count(), titles: countDistinct(tasks.title) }).from(tasks))[0]!;
const jobRow = async (id: string) => (await infra.db.select().from(jobs).where(eq(jobs.id, id)))[0]!;

describe('job runner', () => {
  it('resumes a job whose runner crashed mid-way, after its lease runs out, without duplicate tasks', async () => {
    const jobId = await queueImport();

    // A runner claims the job, commits two batches and dies: no release, no status change.
    const job = (await claimNextJob(infra.db, { runnerId: 'crashed', leaseMs: 1500, kinds: KINDS }))!;
    const lease = { runnerId: 'crashed', leaseMs: 1500 };
    const run = createJobRun({ ...infra, job, lease, signal: new AbortController().signal });
    let commits = 0;
    const dying = {
      ...run,
      commit: async (...args: Parameters<typeof run.commit>) => {
        if (commits === 2) throw new Error('process killed');
        commits++;
        return run.commit(...args);
      },
    };
    await expect(taskImportHandler.run(dying)).rejects.toThrow('process killed');
    const crashed = await jobRow(jobId);
    expect(crashed).toMatchObject({ status: 'running', processed: 2 * IMPORT_BATCH_ROWS, lockedBy: 'crashed' });
    expect((await taskStats()).rows).toBe(2 * IMPORT_BATCH_ROWS - 1);

    // A new runner (the restarted process) cannot take it while the lease holds, then can.
    const restarted = createJobRunner({ db: infra.db, bus: infra.bus, handlers: JOB_HANDLERS, runnerId: 'restarted' });
    expect(await restarted.runOnce()).toBe(false);
    await new Promise((r) => setTimeout(r, 1600));
    expect(await restarted.runOnce()).toBe(true);

    const done = await callerFor(infra, alice).jobs.get({ id: jobId });
    expect(done).toMatchObject({ status: 'succeeded', processed: ROWS, total: ROWS, attempts: 2, errorCount: 2 });
    expect(done.errors.map((e) => e.line)).toEqual(BAD.map((i) => i + 2));
    expect(done.result).toEqual({ imported: ROWS - BAD.length });
    expect(await taskStats()).toEqual({ rows: ROWS - BAD.length, titles: ROWS - BAD.length });
  });

  it('fences off a runner that lost its lease: its late batch is rolled back', async () => {
    await queueImport();
    const stale = (await claimNextJob(infra.db, { runnerId: 'stale', leaseMs: 50, kinds: KINDS }))!;
    const lease = { runnerId: 'stale', leaseMs: 50 };
    const staleRun = createJobRun({ ...infra, job: stale, lease, signal: new AbortController().signal });
    await new Promise((r) => setTimeout(r, 80));
    const taken = await claimNextJob(infra.db, { runnerId: 'fresh', leaseMs: 30_000, kinds: KINDS });
    expect(taken).toMatchObject({ id: stale.id, lockedBy: 'fresh', attempts: 2 });

    await expect(
      staleRun.commit({ processed: 1 }, async (tx) => {
        await tx.insert(tasks).values({ ownerId: alice.id, title: 'late write' });
      }),
    ).rejects.toBeInstanceOf(LeaseLostError);
    expect((await taskStats()).rows).toBe(0);
    expect(await jobRow(stale.id)).toMatchObject({ processed: 0, lockedBy: 'fresh' });
  });

  it('hands a job back on a graceful stop, and the next runner finishes it; progress is pushed on the bus', async () => {
    const jobId = await queueImport();
    const events: JobProgress[] = [];
    const first = createJobRunner({ db: infra.db, bus: infra.bus, handlers: JOB_HANDLERS, pollMs: 10 });
    let stopping: Promise<void> | null = null;
    await infra.bus.subscribe<JobProgress>(jobTopic(jobId), ({ data }) => {
      events.push(data);
      if (data.processed > 0 && !stopping) stopping = first.stop();
    });
    await first.start();
    await expect.poll(() => stopping, { timeout: 10_000 }).not.toBeNull();
    await stopping;

    const handedBack = await jobRow(jobId);
    expect(handedBack).toMatchObject({ status: 'queued', lockedBy: null, attempts: 0 });
    expect(handedBack.processed).toBeGreaterThan(0);
    expect(handedBack.processed).toBeLessThan(ROWS);

    const second = createJobRunner({ db: infra.db, bus: infra.bus, handlers: JOB_HANDLERS, pollMs: 10 });
    await second.start();
    await expect.poll(async () => (await jobRow(jobId)).status, { timeout: 20_000 }).toBe('succeeded');
    await second.stop();

    expect(await taskStats()).toEqual({ rows: ROWS - BAD.length, titles: ROWS - BAD.length });
    const progress = events.filter((e) => e.status === 'running').map((e) => e.processed);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(events.at(-1)).toMatchObject({ status: 'succeeded', processed: ROWS, total: ROWS, errorCount: 2 });
  });

  it('retries a transient failure, then fails for good and takes back partial effects', async () => {
    let calls = 0;
    const flaky: JobHandler = {
      async run(run) {
        calls++;
        await run.commit({ processed: calls }, async (tx) => {
          await tx.insert(tasks).values({ ownerId: run.job.ownerId, title: `effect ${calls}` });
        });
        throw new Error('upstream timeout');
      },
      async undo(tx) {
        await tx.delete(tasks).where(eq(tasks.ownerId, alice.id));
      },
    };
    const [job] = await infra.db.insert(jobs).values({ ownerId: alice.id, kind: 'flaky', maxAttempts: 2 }).returning();
    const runner = createJobRunner({ db: infra.db, bus: infra.bus, handlers: { flaky } });

    expect(await runner.runOnce()).toBe(true);
    const retrying = await jobRow(job!.id);
    expect(retrying).toMatchObject({ status: 'queued', attempts: 1, lastError: 'internal error', lockedBy: null });
    expect(retrying.runAfter.getTime()).toBeGreaterThan(Date.now());
    expect(await runner.runOnce()).toBe(false);

    await infra.db.update(jobs).set({ runAfter: new Date(0) }).where(eq(jobs.id, job!.id));
    expect(await runner.runOnce()).toBe(true);
    expect(await jobRow(job!.id)).toMatchObject({ status: 'failed', attempts: 2, lastError: 'internal error' });
    expect((await taskStats()).rows).toBe(0);
  });

  it('cancels a queued job (never run) and a running one (rows taken back, runner fenced out)', async () => {
    const api = callerFor(infra, alice);
    const queued = await queueImport();
    expect(await api.jobs.cancel({ id: queued })).toMatchObject({ status: 'canceled' });
    const runner = createJobRunner({ db: infra.db, bus: infra.bus, handlers: JOB_HANDLERS });
    expect(await runner.runOnce()).toBe(false);
    expect(await infra.db.select().from(jobInputs)).toEqual([]);

    const running = await queueImport();
    const job = (await claimNextJob(infra.db, { runnerId: 'worker', leaseMs: 30_000, kinds: KINDS }))!;
    const lease = { runnerId: 'worker', leaseMs: 30_000 };
    const run = createJobRun({ ...infra, job, lease, signal: new AbortController().signal });
    let commits = 0;
    const canceledMidway = {
      ...run,
      commit: async (...args: Parameters<typeof run.commit>) => {
        if (++commits === 3) await api.jobs.cancel({ id: running });
        return run.commit(...args);
      },
    };
    await expect(taskImportHandler.run(canceledMidway)).rejects.toBeInstanceOf(LeaseLostError);
    expect(await jobRow(running)).toMatchObject({ status: 'canceled', processed: 2 * IMPORT_BATCH_ROWS });
    expect((await taskStats()).rows).toBe(0);

    const error = await expectTrpcError(api.jobs.cancel({ id: running }), 'CONFLICT');
    expect(error.message).toBe('The job is already canceled');
  });

  it('fails an import for good when its stored file turns out malformed, leaving no task behind', async () => {
    const jobId = await queueImport();
    // Corrupt the stored input after acceptance: batches commit before the parser reaches the bad quote.
    const [input] = await infra.db.select().from(jobInputs).where(eq(jobInputs.jobId, jobId));
    const corrupted = `${input!.content}"never closed,low\n`;
    await infra.db.update(jobInputs).set({ content: corrupted }).where(eq(jobInputs.jobId, jobId));

    const runner = createJobRunner({ db: infra.db, bus: infra.bus, handlers: JOB_HANDLERS });
    expect(await runner.runOnce()).toBe(true);
    const failed = await callerFor(infra, alice).jobs.get({ id: jobId });
    expect(failed).toMatchObject({
      status: 'failed',
      error: `Malformed CSV at line ${ROWS + 2}: a quoted field is never closed`,
    });
    expect((await taskStats()).rows).toBe(0);
  });
});
