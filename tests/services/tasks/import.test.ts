import { count, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jobInputs, jobs, tasks } from '@/db/schema';
import type { SessionUser } from '@/server/api/trpc';
import { AppError } from '@/server/errors';
import type { Infra } from '@/server/infra/infra';
import { startTaskImport } from '@/server/services/tasks/import/start-import';
import { createUser } from '../../support/accounts';
import { callerFor } from '../../support/caller';
import { expectTrpcError } from '../../support/errors';
import { seedAssets } from '@/server/services/market/seed-assets';
import { createTestInfra } from '../../support/infra';
import { drainJobs } from '../../support/jobs';

let infra: Infra;
let alice: SessionUser;
beforeEach(async () => {
  infra = await createTestInfra();
  await seedAssets(infra.db);
  alice = await createUser(infra, 'Alice');
});
afterEach(async () => infra.close());

const HEADER = 'title,description,status,priority,due_at,asset_symbol';
const taskCount = async () => (await infra.db.select({ n: count() }).from(tasks))[0]!.n;
const jobCount = async () => (await infra.db.select({ n: count() }).from(jobs))[0]!.n;

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('CSV import', () => {
  it('imports 50,000 rows, reporting exactly the 4 bad lines (an unknown asset symbol among them) (line numbers as in the file)', async () => {
    const rows: string[] = [];
    for (let i = 0; i < 50_000; i++) {
      if (i === 5) rows.push(`Task ${i},"two-line\ndescription",todo,low,,ETH`);
      else if (i === 1_234) rows.push(`Task ${i},,blocked,high,,BTC`);
      else if (i === 25_000) rows.push(`,no title,todo,high,,BTC`);
      else if (i === 49_999) rows.push(`Task ${i},,done,medium,1,SOL`);
      else if (i === 40_000) rows.push(`Task ${i},,todo,low,,NOTACOIN`);
      else rows.push(`Task ${i},Row ${i},in_progress,high,2030-01-0${(i % 9) + 1}T12:00:00Z,btc`);
    }
    const csv = `${HEADER}\n${rows.join('\n')}\n`;
    // Header is line 1; the quoted newline in row 5 pushes every later row down one line.
    const lineOf = (i: number) => i + 2 + (i > 5 ? 1 : 0);

    const api = callerFor(infra, alice);
    const { jobId } = await api.tasks.import({ csv });
    expect(await api.jobs.get({ id: jobId })).toMatchObject({ status: 'queued', processed: 0, total: 50_000 });

    await drainJobs(infra);

    const job = await api.jobs.get({ id: jobId });
    expect(job).toMatchObject({ status: 'succeeded', processed: 50_000, total: 50_000, errorCount: 4 });
    expect(job.result).toEqual({ imported: 49_996 });
    expect(job.errors.map((e) => e.line)).toEqual([lineOf(1_234), lineOf(25_000), lineOf(40_000), lineOf(49_999)]);
    expect(job.errors[0]!.message).toMatch(/^status: Status must be one of todo, in_progress, done/);
    expect(job.errors[1]!.message).toBe('title: Title is required');
    expect(job.errors[2]!.message).toBe('asset_symbol: No asset NOTACOIN in the catalogue');
    expect(job.errors[3]!.message).toMatch(/^due_at: Due date must be an ISO 8601 date/);
    expect(await taskCount()).toBe(49_996);

    const [multiLine] = await infra.db.select().from(tasks).where(eq(tasks.title, 'Task 5'));
    expect(multiLine).toMatchObject({ description: 'two-line\ndescription', priority: 'low', status: 'todo' });
    const [typical] = await infra.db.select().from(tasks).where(eq(tasks.title, 'Task 10'));
    expect(typical).toMatchObject({ assetSymbol: 'BTC', dueAt: new Date('2030-01-02T12:00:00Z'), ownerId: alice.id });
    // The upload is dropped once the job is done.
    expect(await infra.db.select().from(jobInputs)).toEqual([]);
  });

  it('accepts a UTF-8 BOM, any header case and order, and applies defaults to empty cells', async () => {
    const csv = Buffer.from('\uFEFFPriority, Title \n,Café ☕\nhigh,Second\n', 'utf8');
    const { jobId } = await startTaskImport({ db: infra.db, ownerId: alice.id, csv });
    await drainJobs(infra);
    const api = callerFor(infra, alice);
    expect(await api.jobs.get({ id: jobId })).toMatchObject({ status: 'succeeded', errorCount: 0 });
    const list = await api.tasks.list({ sort: 'priority', dir: 'desc' });
    expect(list.data.map((t) => [t.title, t.priority, t.status])).toEqual([
      ['Second', 'high', 'todo'],
      ['Café ☕', 'medium', 'todo'],
    ]);
  });

  it('counts lines the same with CRLF line ends and quoted line breaks', async () => {
    const csv = 'title,priority\r\n"Two\r\nlines",low\r\n\r\nBad,urgent\r\n"Ünïcødé 🚀",high\r\n';
    const { jobId } = await startTaskImport({ db: infra.db, ownerId: alice.id, csv });
    await drainJobs(infra);
    const job = await callerFor(infra, alice).jobs.get({ id: jobId });
    expect(job.errors.map((e) => e.line)).toEqual([5]);
    const titles = (await infra.db.select({ title: tasks.title }).from(tasks)).map((t) => t.title).sort();
    expect(titles).toEqual(['Two\r\nlines', 'Ünïcødé 🚀']);
  });

  it('imports every row when the bus fails throughout (live progress is lost, the work is not)', async () => {
    const failingBus = { ...infra.bus, publish: () => Promise.reject(new Error('redis timed out')) };
    const csv = [HEADER, ...Array.from({ length: 2_500 }, (_, i) => `Task ${i},,todo,low,,`)].join('\n');
    const { jobId } = await startTaskImport({ db: infra.db, bus: failingBus, ownerId: alice.id, csv });
    await drainJobs({ db: infra.db, bus: failingBus });
    const job = await callerFor(infra, alice).jobs.get({ id: jobId });
    expect(job).toMatchObject({ status: 'succeeded', processed: 2_500, attempts: 1, errorCount: 0 });
    expect(await taskCount()).toBe(2_500);
  });

  it('reports a record with the wrong number of fields on its line', async () => {
    const csv = 'title,status\nA,todo\nB,todo,extra\n';
    const { jobId } = await startTaskImport({ db: infra.db, ownerId: alice.id, csv });
    await drainJobs(infra);
    const job = await callerFor(infra, alice).jobs.get({ id: jobId });
    expect(job.errors).toEqual([{ line: 3, message: 'expected 2 fields, found 3' }]);
    expect(await taskCount()).toBe(1);
  });

  it('refuses a malformed file up front with its line, and creates no job', async () => {
    const api = callerFor(infra, alice);
    const csv = `${HEADER}\nok,,,,,\n\n"unclosed,,,,,\nnext,,,,,\n`;
    const error = await expectTrpcError(api.tasks.import({ csv }), 'BAD_REQUEST');
    expect(error.message).toBe('Malformed CSV at line 4: a quoted field is never closed');
    expect(await jobCount()).toBe(0);
  });

  it('refuses files that are not UTF-8 (UTF-16 with or without BOM, Latin-1)', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('title\nHello\n', 'utf16le')]);
    const utf16NoBom = Buffer.from('title\nHello\n', 'utf16le');
    const latin1 = Buffer.from('title\nCaf\xe9\n', 'latin1');
    for (const csv of [utf16, utf16NoBom, latin1]) {
      const error = await rejection(startTaskImport({ db: infra.db, ownerId: alice.id, csv }));
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.message).toMatch(/^The file is not UTF-8/);
    }
    expect(await jobCount()).toBe(0);
  });

  it('refuses an oversized file with PAYLOAD_TOO_LARGE, stopping a stream as soon as it passes the limit', async () => {
    const api = callerFor(infra, alice);
    const big = `title\n${'x'.repeat(10 * 1024 * 1024)}\n`;
    const error = await expectTrpcError(api.tasks.import({ csv: big }), 'PAYLOAD_TOO_LARGE');
    expect(error.message).toBe('The file is larger than 10 MB');

    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new TextEncoder().encode('title\n'.repeat(1000)));
      },
    });
    const limits = { maxBytes: 64 * 1024, maxRows: 100_000 };
    const streamed = await rejection(startTaskImport({ db: infra.db, ownerId: alice.id, csv: endless, limits }));
    expect(streamed.code).toBe('PAYLOAD_TOO_LARGE');
    expect(pulled).toBeLessThan(20);
    expect(await jobCount()).toBe(0);
  });

  it('refuses too many rows, an unknown or missing column, and an empty file with BAD_REQUEST', async () => {
    const limits = { maxBytes: 1024 * 1024, maxRows: 3 };
    const start = (csv: string) => rejection(startTaskImport({ db: infra.db, ownerId: alice.id, csv, limits }));

    const tooMany = await start('title\na\nb\nc\nd\n');
    expect(tooMany.message).toBe('The file has more than 3 rows; split it into smaller files');
    const atLimit = await startTaskImport({ db: infra.db, ownerId: alice.id, csv: 'title\na\nb\nc\n', limits });
    expect(atLimit).toHaveProperty('jobId');

    const header = await start('name,status,colour\nx,todo,red\n');
    expect(header.code).toBe('BAD_REQUEST');
    expect(header.message).toMatch(/unknown column\(s\): name, colour/);
    expect(header.message).toMatch(/missing required column\(s\): title/);
    expect(header.details).toMatchObject({ unknown: ['name', 'colour'], missing: ['title'] });

    expect((await start('title,title\na,b\n')).message).toMatch(/duplicate column\(s\): title/);
    expect((await start('')).message).toBe('The file is empty: expected a header row');
    expect(await jobCount()).toBe(1);
  });
});
