import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionUser } from '@/server/api/trpc';
import { AppError } from '@/server/errors';
import type { Infra } from '@/server/infra/infra';
import { createUser } from '../support/accounts';
import { callerFor } from '../support/caller';
import { expectTrpcError, fieldErrorsOf } from '../support/errors';
import { seedAssets } from '@/server/services/market/seed-assets';
import { createTestInfra } from '../support/infra';

let infra: Infra;
let alice: SessionUser;
beforeEach(async () => {
  infra = await createTestInfra();
  await seedAssets(infra.db);
  alice = await createUser(infra, 'Alice');
});
afterEach(async () => infra.close());

describe('tasks CRUD', () => {
  it('creates with defaults, reads, updates, deletes', async () => {
    const api = callerFor(infra, alice);
    const task = await api.tasks.create({ title: '  Rebalance  ', assetSymbol: 'btc' });
    expect(task).toMatchObject({
      title: 'Rebalance',
      description: '',
      status: 'todo',
      priority: 'medium',
      dueAt: null,
      assetSymbol: 'BTC',
      ownerId: alice.id,
    });
    expect(await api.tasks.get({ id: task.id })).toEqual(task);

    const due = new Date('2030-01-02T03:04:05.000Z');
    const updated = await api.tasks.update({ id: task.id, status: 'in_progress', priority: 'high', dueAt: due });
    expect(updated).toMatchObject({ status: 'in_progress', priority: 'high', dueAt: due, title: 'Rebalance' });
    expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(task.updatedAt.getTime());

    const cleared = await api.tasks.update({ id: task.id, dueAt: null, assetSymbol: null });
    expect(cleared).toMatchObject({ dueAt: null, assetSymbol: null, status: 'in_progress' });

    expect(await api.tasks.delete({ id: task.id })).toEqual({ id: task.id });
    await expectTrpcError(api.tasks.get({ id: task.id }), 'NOT_FOUND');
    await expectTrpcError(api.tasks.delete({ id: task.id }), 'NOT_FOUND');
  });

  it('rejects invalid input with field details', async () => {
    const api = callerFor(infra, alice);
    const error = await expectTrpcError(
      // @ts-expect-error — an unknown status is exactly what is being tested
      api.tasks.create({ title: ' ', status: 'blocked', assetSymbol: 'not a symbol!' }),
      'BAD_REQUEST',
    );
    const fields = fieldErrorsOf(error);
    expect(fields.title?.[0]).toMatch(/required/);
    expect(fields.status?.[0]).toMatch(/todo, in_progress, done/);
    expect(fields.assetSymbol?.[0]).toBe('Symbols are 1–15 letters or digits');
    await expectTrpcError(api.tasks.get({ id: 'nope' }), 'BAD_REQUEST');
  });

  it('refuses a symbol that names no asset (create and update), writing nothing', async () => {
    const api = callerFor(infra, alice);
    const error = await expectTrpcError(api.tasks.create({ title: 'Watch it', assetSymbol: 'NOTACOIN' }), 'BAD_REQUEST');
    expect(error.message).toBe('No asset NOTACOIN in the catalogue');
    expect((error.cause as AppError).details).toEqual({ fieldErrors: { assetSymbol: ['No asset NOTACOIN in the catalogue'] } });
    expect((await api.tasks.list({})).data).toEqual([]);
    const task = await api.tasks.create({ title: 'Watch it', assetSymbol: 'eth' });
    await expectTrpcError(api.tasks.update({ id: task.id, assetSymbol: 'NOTACOIN' }), 'BAD_REQUEST');
    expect((await api.tasks.get({ id: task.id })).assetSymbol).toBe('ETH');
  });

  it('takes due dates as ISO 8601 only, a date-time with its offset', async () => {
    const api = callerFor(infra, alice);
    expect((await api.tasks.create({ title: 'a', dueAt: '2030-01-31' })).dueAt).toEqual(new Date('2030-01-31T00:00:00Z'));
    const withOffset = await api.tasks.create({ title: 'b', dueAt: '2030-01-31T09:00:00+02:00' });
    expect(withOffset.dueAt).toEqual(new Date('2030-01-31T07:00:00Z'));
    for (const dueAt of ['1', 'next tuesday', '2030-01-31T09:00:00', '2030-02-30']) {
      const error = await expectTrpcError(api.tasks.create({ title: 'c', dueAt }), 'BAD_REQUEST');
      expect(fieldErrorsOf(error).dueAt?.[0], dueAt).toMatch(/^Due date must be an ISO 8601 date/);
    }
  });
});

describe('tasks list: filters and sort', () => {
  async function seed() {
    const api = callerFor(infra, alice);
    const make = (title: string, extra: Parameters<typeof api.tasks.create>[0] extends infer T ? Partial<T> : never) =>
      api.tasks.create({ title, ...extra });
    await make('Buy the dip', { priority: 'high', assetSymbol: 'ETH', dueAt: new Date('2030-03-01T00:00:00Z') });
    await make('Read 10-K', { priority: 'low', assetSymbol: 'AAPL', status: 'done', description: 'annual report' });
    await make('Set stop loss', { priority: 'medium', assetSymbol: 'ETH', dueAt: new Date('2030-01-01T00:00:00Z') });
    await make('Review journal', { priority: 'high', status: 'in_progress', dueAt: new Date('2030-02-01T00:00:00Z') });
    return api;
  }
  const titles = (page: { data: { title: string }[] }) => page.data.map((t) => t.title);

  it('filters by status, priority, asset, due window and text', async () => {
    const api = await seed();
    expect(titles(await api.tasks.list({ status: 'done' }))).toEqual(['Read 10-K']);
    expect(titles(await api.tasks.list({ priority: 'high', sort: 'dueAt', dir: 'asc' }))).toEqual([
      'Review journal',
      'Buy the dip',
    ]);
    expect(titles(await api.tasks.list({ assetSymbol: 'eth', sort: 'dueAt', dir: 'asc' }))).toEqual([
      'Set stop loss',
      'Buy the dip',
    ]);
    expect(
      titles(
        await api.tasks.list({
          dueAfter: new Date('2030-01-15T00:00:00Z'),
          dueBefore: new Date('2030-02-15T00:00:00Z'),
        }),
      ),
    ).toEqual(['Review journal']);
    // Text matches title or description, case-insensitively; LIKE wildcards are taken literally.
    expect(titles(await api.tasks.list({ q: 'ANNUAL' }))).toEqual(['Read 10-K']);
    expect(titles(await api.tasks.list({ q: 'stop' }))).toEqual(['Set stop loss']);
    expect(titles(await api.tasks.list({ q: '%' }))).toEqual([]);
    // An infinite query's first page comes with `cursor: null`: the same as no cursor.
    expect(titles(await api.tasks.list({ q: 'stop', cursor: null }))).toEqual(['Set stop loss']);
  });

  it('sorts by created, due date (no date last either way) and priority', async () => {
    const api = await seed();
    expect(titles(await api.tasks.list({ sort: 'createdAt', dir: 'asc' }))).toEqual([
      'Buy the dip',
      'Read 10-K',
      'Set stop loss',
      'Review journal',
    ]);
    expect(titles(await api.tasks.list())).toEqual(['Review journal', 'Set stop loss', 'Read 10-K', 'Buy the dip']);
    expect(titles(await api.tasks.list({ sort: 'dueAt', dir: 'asc' }))).toEqual([
      'Set stop loss',
      'Review journal',
      'Buy the dip',
      'Read 10-K',
    ]);
    expect(titles(await api.tasks.list({ sort: 'dueAt', dir: 'desc' }))).toEqual([
      'Buy the dip',
      'Review journal',
      'Set stop loss',
      'Read 10-K',
    ]);
    const byPriority = await api.tasks.list({ sort: 'priority', dir: 'desc' });
    expect(byPriority.data.map((t) => t.priority)).toEqual(['high', 'high', 'medium', 'low']);
  });

  it('pages every sort with a cursor, each task exactly once, and refuses a cursor from another sort', async () => {
    const api = await seed();
    for (const sort of ['createdAt', 'dueAt', 'priority'] as const) {
      for (const dir of ['asc', 'desc'] as const) {
        const all = titles(await api.tasks.list({ sort, dir, limit: 100 }));
        const paged: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await api.tasks.list({ sort, dir, limit: 1, cursor });
          paged.push(...titles(page));
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        expect(paged, `${sort} ${dir}`).toEqual(all);
      }
    }
    const first = await api.tasks.list({ sort: 'dueAt', limit: 1 });
    await expectTrpcError(api.tasks.list({ sort: 'priority', cursor: first.nextCursor! }), 'BAD_REQUEST');
    await expectTrpcError(api.tasks.list({ cursor: 'garbage' }), 'BAD_REQUEST');
  });
});

describe('access matrix: tasks and jobs', () => {
  it('owner sees theirs; another user gets NOT_FOUND; admin reads all but edits only own; anonymous UNAUTHORIZED', async () => {
    const bob = await createUser(infra, 'Bob');
    const admin = await createUser(infra, 'Ada', 'admin');
    const owner = callerFor(infra, alice);
    const other = callerFor(infra, bob);
    const root = callerFor(infra, admin);
    const anon = callerFor(infra);

    const task = await owner.tasks.create({ title: 'Private plan' });
    const { jobId } = await owner.tasks.import({ csv: 'title\nImported\n' });
    await other.tasks.create({ title: 'Bob task' });

    // Another user: the task and the job do not exist for them, by every operation.
    await expectTrpcError(other.tasks.get({ id: task.id }), 'NOT_FOUND');
    await expectTrpcError(other.tasks.update({ id: task.id, title: 'Mine now' }), 'NOT_FOUND');
    await expectTrpcError(other.tasks.update({ id: task.id }), 'NOT_FOUND');
    await expectTrpcError(other.tasks.delete({ id: task.id }), 'NOT_FOUND');
    await expectTrpcError(other.jobs.get({ id: jobId }), 'NOT_FOUND');
    await expectTrpcError(other.jobs.cancel({ id: jobId }), 'NOT_FOUND');
    expect((await other.tasks.list()).data.map((t) => t.title)).toEqual(['Bob task']);
    expect((await other.jobs.list()).data).toEqual([]);
    await expectTrpcError(other.tasks.list({ all: true }), 'FORBIDDEN');

    // Admin: lists and reads everyone's, but cannot change another user's task.
    const everyone = await root.tasks.list({ all: true });
    expect(everyone.data.map((t) => t.title).sort()).toEqual(['Bob task', 'Private plan']);
    expect((await root.tasks.list()).data).toEqual([]);
    expect((await root.tasks.get({ id: task.id })).title).toBe('Private plan');
    expect((await root.jobs.get({ id: jobId })).id).toBe(jobId);
    await expectTrpcError(root.tasks.update({ id: task.id, title: 'Admin edit' }), 'NOT_FOUND');
    await expectTrpcError(root.tasks.delete({ id: task.id }), 'NOT_FOUND');
    await expectTrpcError(root.jobs.cancel({ id: jobId }), 'NOT_FOUND');

    // Anonymous: nothing at all.
    await expectTrpcError(anon.tasks.list(), 'UNAUTHORIZED');
    await expectTrpcError(anon.tasks.get({ id: task.id }), 'UNAUTHORIZED');
    await expectTrpcError(anon.tasks.create({ title: 'x' }), 'UNAUTHORIZED');
    await expectTrpcError(anon.tasks.update({ id: task.id, title: 'x' }), 'UNAUTHORIZED');
    await expectTrpcError(anon.tasks.delete({ id: task.id }), 'UNAUTHORIZED');
    await expectTrpcError(anon.tasks.import({ csv: 'title\nx\n' }), 'UNAUTHORIZED');
    await expectTrpcError(anon.jobs.get({ id: jobId }), 'UNAUTHORIZED');
    await expectTrpcError(anon.jobs.list(), 'UNAUTHORIZED');
    await expectTrpcError(anon.jobs.cancel({ id: jobId }), 'UNAUTHORIZED');

    // The owner still has everything, unchanged.
    expect((await owner.tasks.get({ id: task.id })).title).toBe('Private plan');
    const job = await owner.jobs.get({ id: jobId });
    expect(job).toMatchObject({ kind: 'tasks.import', status: 'queued', processed: 0, total: 1 });
    expect((await owner.jobs.list()).data.map((j) => j.id)).toEqual([jobId]);
  });
});
