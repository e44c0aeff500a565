import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobs, tasks } from '@/db/schema';
import { createMemoryBus } from '@/server/infra/bus/memory';
import { JOB_HANDLERS } from '@/server/services/jobs/handlers';
import { claimNextJob } from '@/server/services/jobs/lease';
import { createJobRunner } from '@/server/services/jobs/runner';
import { listTasks } from '@/server/services/tasks/list';
import { startTaskImport } from '@/server/services/tasks/import/start-import';
import { createUser } from '../../support/accounts';
import { createScratchPostgres } from '../../support/infra';
import { announceSkip, services } from '../../support/services';

// Claims, leases and the import on a real Postgres server, where runners truly run side by side.
announceSkip('postgres', 'jobs and tasks on Postgres');
describe.skipIf(!services.postgres)('jobs and tasks on Postgres', () => {
  let pg: Awaited<ReturnType<typeof createScratchPostgres>>;
  beforeAll(async () => {
    pg = await createScratchPostgres(services.postgres!);
  });
  afterAll(async () => pg?.close());

  it('gives each queued job to exactly one of several concurrent claimers', async () => {
    const owner = await createUser(pg, 'Claims');
    await pg.db.insert(jobs).values(Array.from({ length: 30 }, () => ({ ownerId: owner.id, kind: 'noop' })));
    const claimed: string[] = [];
    await Promise.all(
      Array.from({ length: 5 }, async (_, r) => {
        for (;;) {
          const job = await claimNextJob(pg.db, { runnerId: `r${r}`, leaseMs: 30_000, kinds: ['noop'] });
          if (!job) return;
          claimed.push(job.id);
        }
      }),
    );
    expect(claimed).toHaveLength(30);
    expect(new Set(claimed).size).toBe(30);
  });

  it('imports with two runners competing and pages the result by due date', async () => {
    const owner = await createUser(pg, 'Importer');
    const rows = Array.from({ length: 3_000 }, (_, i) => `Task ${i},2030-01-${String((i % 28) + 1).padStart(2, '0')}`);
    const bus = createMemoryBus();
    const csv = `title,due_at\n${rows.join('\n')}\n`;
    const { jobId } = await startTaskImport({ db: pg.db, bus, ownerId: owner.id, csv });
    const runners = [0, 1].map(() => createJobRunner({ db: pg.db, bus, handlers: JOB_HANDLERS, pollMs: 20 }));
    await Promise.all(runners.map((r) => r.start()));
    await expect
      .poll(async () => (await pg.db.select().from(jobs).where(eq(jobs.id, jobId)))[0]!.status, { timeout: 20_000 })
      .toBe('succeeded');
    await Promise.all(runners.map((r) => r.stop()));

    const [imported] = await pg.db.select({ n: count() }).from(tasks).where(eq(tasks.ownerId, owner.id));
    expect(imported!.n).toBe(3_000);
    const seen = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await listTasks(pg.db, owner, { sort: 'dueAt', dir: 'asc', limit: 700, cursor });
      for (const t of page.data) seen.add(t.id);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.size).toBe(3_000);
  });
});
