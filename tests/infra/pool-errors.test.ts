import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { queryRows, type DbHandle } from '@/server/infra/db/types';
import { createScratchPostgres } from '../support/infra';
import { announceSkip, services } from '../support/services';

// A connection terminated by the server costs one failed transaction, never the process (an unhandled
// 'error' event would surface here as an uncaught exception and fail the run).
announceSkip('postgres', 'connection loss on Postgres');
describe.skipIf(!services.postgres)('a dropped Postgres connection', () => {
  let handle: DbHandle & { url: string };
  beforeAll(async () => {
    handle = await createScratchPostgres(services.postgres!);
  });
  afterAll(async () => handle?.close());

  it('fails the transaction that held it, and the next query gets a fresh connection', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const killer = new pg.Client({ connectionString: handle.url });
    await killer.connect();
    try {
      const outcome = handle.db
        .transaction(async (tx) => {
          const [me] = await queryRows<{ pid: number }>(tx, sql`select pg_backend_pid() as pid`);
          // Between statements (the client is checked out, no query running) the server drops it.
          await killer.query('select pg_terminate_backend($1)', [me!.pid]);
          await new Promise((r) => setTimeout(r, 200));
          await tx.execute(sql`select 1`);
        })
        .then(
          () => 'committed',
          () => 'failed',
        );
      expect(await outcome).toBe('failed');
      expect(warn.mock.calls.some(([m]) => String(m).includes('connection lost while in use'))).toBe(true);
      const [row] = await queryRows<{ one: number }>(handle.db, sql`select 1 as one`);
      expect(row!.one).toBe(1);
    } finally {
      await killer.end();
      warn.mockRestore();
    }
  });
});
