import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionUser } from '@/server/api/trpc';
import type { Infra } from '@/server/infra/infra';
import type { JobProgress } from '@/server/services/jobs/view';
import { createUser } from '../support/accounts';
import { callerFor } from '../support/caller';
import { expectTrpcError } from '../support/errors';
import { createTestInfra } from '../support/infra';
import { drainJobs } from '../support/jobs';

let infra: Infra;
let alice: SessionUser;
beforeEach(async () => {
  infra = await createTestInfra();
  alice = await createUser(infra, 'Alice');
});
afterEach(async () => infra.close());

/** The rest of a stream (an iterator, so a test can read its first event on its own first). */
async function collect(it: AsyncIterator<JobProgress>): Promise<JobProgress[]> {
  const events: JobProgress[] = [];
  for (let r = await it.next(); !r.done; r = await it.next()) events.push(r.value);
  return events;
}

describe('jobs.watch', () => {
  it('pushes a snapshot, then progress batch by batch, and ends when the job does', async () => {
    const api = callerFor(infra, alice);
    const csv = `title\n${Array.from({ length: 3_500 }, (_, i) => `T${i}`).join('\n')}\n`;
    const { jobId } = await api.tasks.import({ csv });

    const stream = (await api.jobs.watch({ id: jobId }))[Symbol.asyncIterator]();
    expect((await stream.next()).value).toMatchObject({ id: jobId, status: 'queued', processed: 0, total: 3_500 });

    const [events] = await Promise.all([collect(stream), drainJobs(infra)]);
    expect(events.filter((e) => e.status === 'running').map((e) => e.processed)).toEqual([0, 1000, 2000, 3000, 3500]);
    expect(events.at(-1)).toMatchObject({ status: 'succeeded', processed: 3_500 });
  });

  it('ends at once for a finished job, and refuses other users and anonymous callers', async () => {
    const api = callerFor(infra, alice);
    const { jobId } = await api.tasks.import({ csv: 'title\nOne\n' });
    await drainJobs(infra);
    expect(await collect((await api.jobs.watch({ id: jobId }))[Symbol.asyncIterator]())).toEqual([
      expect.objectContaining({ status: 'succeeded', processed: 1, total: 1 }),
    ]);

    const bob = callerFor(infra, await createUser(infra, 'Bob'));
    await expectTrpcError(bob.jobs.watch({ id: jobId }), 'NOT_FOUND');
    await expectTrpcError(callerFor(infra).jobs.watch({ id: jobId }), 'UNAUTHORIZED');
  });
});
