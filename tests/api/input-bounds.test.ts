import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, users } from '@/db/schema';
import type { SessionUser } from '@/server/api/trpc';
import { AppError } from '@/server/errors';
import type { Infra } from '@/server/infra/infra';
import { seedAssets } from '@/server/services/market/seed-assets';
import { encodeCursor, type KeyPart } from '@/server/services/pagination/cursor';
import { startTaskImport } from '@/server/services/tasks/import/start-import';
import { createUser } from '../support/accounts';
import { callerFor } from '../support/caller';
import { expectTrpcError, fieldErrorsOf } from '../support/errors';
import { createTestInfra } from '../support/infra';
import { drainJobs } from '../support/jobs';

/**
 * Values Postgres refuses whatever the column (NUL in text, years outside 1–9999, edited cursors that reach
 * a cast) come back as BAD_REQUEST naming the field, never as an internal error, and write nothing.
 */
let infra: Infra;
let alice: SessionUser;
let admin: SessionUser;
beforeEach(async () => {
  infra = await createTestInfra();
  await seedAssets(infra.db);
  alice = await createUser(infra, 'Alice');
  admin = await createUser(infra, 'Root', 'admin');
});
afterEach(async () => infra.close());

const ANY_ID = '00000000-0000-4000-8000-000000000000';
/** A cursor as a client could forge one: well-formed, naming a list and sort, with any key. */
const forged = (list: string, sort: string, key: string[], dir: 'asc' | 'desc' = 'desc') =>
  encodeCursor({ list, sort, dir, key: key.map((): KeyPart => 'text') }, key);
const taskCursor = (sort: string, key: string) => forged('tasks', sort, [key, ANY_ID]);
const reasonOf = async (call: Promise<unknown>) => ((await expectTrpcError(call, 'BAD_REQUEST')).cause as AppError).reason;

describe('NUL characters', () => {
  it('are refused in every text input, naming the field, before anything is written', async () => {
    const api = callerFor(infra, alice);
    const error = await expectTrpcError(api.tasks.create({ title: 'a\0b' }), 'BAD_REQUEST');
    expect(fieldErrorsOf(error)).toEqual({ title: ['Text cannot contain a NUL character (\\u0000)'] });
    expect((await api.tasks.list()).data).toEqual([]);

    expect(fieldErrorsOf(await expectTrpcError(callerFor(infra).market.assets({ q: '\0' }), 'BAD_REQUEST'))).toHaveProperty('q');
    const register = callerFor(infra).auth.register({ email: 'nul@example.test', password: 'password-123', name: 'a\0b' });
    expect(fieldErrorsOf(await expectTrpcError(register, 'BAD_REQUEST'))).toHaveProperty('name');
    expect(await infra.db.select().from(users).where(eq(users.email, 'nul@example.test'))).toEqual([]);

    const nested = callerFor(infra).market.snapshot({ symbols: ['BTC', 'ETH\0'] });
    expect(fieldErrorsOf(await expectTrpcError(nested, 'BAD_REQUEST'))).toHaveProperty(['symbols.1']);
  });
});

describe('dates Postgres cannot store', () => {
  it('refuses a year-0 or year-10000 due date and filter', async () => {
    const api = callerFor(infra, alice);
    for (const dueAt of ['0000-01-01', '0000-06-01T00:00:00Z', new Date('+010000-01-01T00:00:00Z')]) {
      const error = await expectTrpcError(api.tasks.create({ title: 'x', dueAt }), 'BAD_REQUEST');
      expect(fieldErrorsOf(error).dueAt).toEqual(['Dates must fall in the years 1 to 9999']);
    }
    expect(fieldErrorsOf(await expectTrpcError(api.tasks.list({ dueBefore: '0000-01-01' }), 'BAD_REQUEST'))).toHaveProperty('dueBefore');
    expect(await api.tasks.create({ title: 'edge', dueAt: '9999-12-31' })).toMatchObject({ dueAt: new Date('9999-12-31T00:00:00Z') });
  });

  it('refuses candle bounds past year 9999 and an account history start past it', async () => {
    const market = callerFor(infra).market;
    const candles = market.candles({ symbol: 'BTC', interval: '1m', from: 9_000_000_000_000_000 });
    expect(fieldErrorsOf(await expectTrpcError(candles, 'BAD_REQUEST')).from).toEqual(['Dates must fall in the years 1 to 9999']);
    const history = callerFor(infra, alice).account.history({ from: new Date('+010000-01-01T00:00:00Z'), limit: 10 });
    expect(fieldErrorsOf(await expectTrpcError(history, 'BAD_REQUEST'))).toHaveProperty('from');
  });

  it('reports a year-0 row of a CSV import on its line and imports the rest', async () => {
    const csv = 'title,due_at\nfine,2030-01-01\nancient,0000-01-01\n';
    const { jobId } = await startTaskImport({ db: infra.db, ownerId: alice.id, csv });
    await drainJobs(infra);
    const job = await callerFor(infra, alice).jobs.get({ id: jobId });
    expect(job.status).toBe('succeeded');
    expect(job.errors).toEqual([{ line: 3, message: 'due_at: Dates must fall in the years 1 to 9999' }]);
    expect((await callerFor(infra, alice).tasks.list()).data.map((t) => t.title)).toEqual(['fine']);
  });
});

describe('edited cursors', () => {
  it('refuses a keyset cursor whose key is not what its sort pages on', async () => {
    const api = callerFor(infra, alice);
    for (const [sort, key] of [
      ['createdAt', 'x'],
      ['createdAt', '2026-02-30 00:00:00+00'],
      ['createdAt', '0000-01-01 00:00:00+00'],
      ['dueAt', '2026-13-01 00:00:00+00'],
      ['priority', 'urgent'],
    ] as const) {
      const error = await expectTrpcError(api.tasks.list({ sort, cursor: taskCursor(sort, key) }), 'BAD_REQUEST');
      expect((error.cause as AppError).reason, `${sort} ${key}`).toBe('INVALID_CURSOR');
    }
    // Well-formed keys still page (nothing is after them here).
    expect((await api.tasks.list({ sort: 'priority', cursor: taskCursor('priority', 'high') })).data).toEqual([]);
    expect((await api.tasks.list({ sort: 'dueAt', cursor: taskCursor('dueAt', 'infinity') })).data).toEqual([]);
    expect((await api.tasks.list({ cursor: taskCursor('createdAt', '2024-02-29 12:00:00.5+00') })).data).toEqual([]);

    expect(await reasonOf(callerFor(infra, alice).jobs.list({ cursor: forged('jobs', 'createdAt', ['yesterday', ANY_ID]) }))).toBe('INVALID_CURSOR');
    expect(await reasonOf(callerFor(infra, admin).admin.audit.list({ cursor: forged('audit', 'createdAt', ['x', ANY_ID]) }))).toBe('INVALID_CURSOR');
    expect(await reasonOf(callerFor(infra, alice).trading.orders({ cursor: forged('orders', 'createdAt', ['2026-01-01 00:00:00+00', 'x']) }))).toBe('INVALID_CURSOR');
  });

  it('refuses a cursor from another list, even one whose key would fit', async () => {
    const api = callerFor(infra, alice);
    for (const title of ['a', 'b']) await api.tasks.create({ title });
    const tasksCursor = (await api.tasks.list({ limit: 1 })).nextCursor!;
    const error = await expectTrpcError(api.jobs.list({ cursor: tasksCursor }), 'BAD_REQUEST');
    expect((error.cause as AppError).reason).toBe('INVALID_CURSOR');
    expect(((error.cause as AppError).details as { fieldErrors: unknown }).fieldErrors).toEqual({ cursor: ['The cursor belongs to another list'] });
    expect(await reasonOf(api.trading.fills({ cursor: tasksCursor }))).toBe('INVALID_CURSOR');
    expect(await reasonOf(callerFor(infra, admin).admin.users.list({ cursor: tasksCursor }))).toBe('INVALID_CURSOR');
  });

  it('refuses an edited asset cursor, and pages with a real one', async () => {
    const assets = callerFor(infra).market.assets;
    for (const cursor of [
      forged('assets', 'symbol', ['BTC', 'extra'], 'asc'),
      forged('assets', 'relevance', ['0', 'NaN', 'BTC'], 'asc'),
      forged('assets', 'relevance', ['zero', '-1', 'BTC'], 'asc'),
      'not base64 at all!',
    ]) {
      expect(await reasonOf(assets({ cursor, limit: 5 })), cursor).toBe('INVALID_CURSOR');
    }
    const first = await assets({ limit: 5 });
    expect((await assets({ cursor: first.nextCursor, limit: 5 })).data).toHaveLength(5);
  });
});

describe('admin user search', () => {
  it('takes % and _ literally', async () => {
    await createUser(infra, 'under_score');
    const list = (q: string) => callerFor(infra, admin).admin.users.list({ q }).then((page) => page.data.map((u) => u.name));
    expect(await list('r_s')).toEqual(['under_score']);
    expect(await list('l_c')).toEqual([]); // "_" as a wildcard would find Alice
    expect(await list('%')).toEqual([]);
  });
});

describe('admin user changes', () => {
  it('apply role and disabled together or not at all, with one audit entry per change', async () => {
    const api = callerFor(infra, admin).admin.users;
    const refused = await expectTrpcError(api.update({ userId: admin.id, role: 'admin', disabled: true }), 'CONFLICT');
    expect((refused.cause as AppError).reason).toBe('SELF_DISABLE');
    expect(await infra.db.select().from(auditLog)).toEqual([]);

    const updated = await api.update({ userId: alice.id, role: 'admin', disabled: true });
    expect(updated).toMatchObject({ role: 'admin', disabledAt: expect.any(Date) });
    const actions = (await infra.db.select().from(auditLog)).map((e) => e.action).sort();
    expect(actions).toEqual(['user.disable', 'user.set_role']);
    await expectTrpcError(api.update({ userId: alice.id }), 'BAD_REQUEST');
  });
});
