import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../../scripts/fault-proxy';
import { AppError, toAppError } from '@/server/errors';
import { inlineParams, inlineTransaction } from '@/server/infra/db/inline-transaction';
import { openPglite } from '@/server/infra/db/pglite';
import { queryRows, type Db, type DbHandle } from '@/server/infra/db/types';

describe('inlineTransaction on PGlite', () => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await openPglite(undefined);
  });
  afterAll(() => handle.close());

  it('reads back every awkward string exactly as a bound parameter would', async () => {
    const values = ["it's", 'back\\slash', "\\'", 'E\'x\'', '$1 and "$2"', 'ünïcødé ✓', '', ' \n\t '];
    const rows = await inlineTransaction(handle.db, (tx) =>
      queryRows<{ v: string }>(tx, sql`select v from unnest(array[${sql.join(values.map((v) => sql`${v}::text`), sql`, `)}]) as v`),
    );
    expect(rows.map((r) => r.v)).toEqual(values);
  });

  it('keeps decimals, nulls and dates exact', async () => {
    const at = new Date('2026-01-02T03:04:05.678Z');
    const [row] = await inlineTransaction(handle.db, (tx) =>
      queryRows<{ n: string; z: string | null; t: string }>(
        tx,
        sql`select ${'123456789012345678901234567890.000000000001'}::numeric::text as n, ${null}::text as z, ${at}::timestamptz = ${at.toISOString()}::timestamptz as t`,
      ),
    );
    expect(row).toEqual({ n: '123456789012345678901234567890.000000000001', z: null, t: true });
  });

  it('rolls back on error like any transaction', async () => {
    await handle.db.execute(sql`create table inline_probe (id int primary key)`);
    await expect(
      inlineTransaction(handle.db, async (tx) => {
        await tx.execute(sql`insert into inline_probe values (${1})`);
        await tx.execute(sql`insert into inline_probe values (${1})`);
      }),
    ).rejects.toMatchObject({ cause: { code: '23505' } });
    expect(await queryRows(handle.db, sql`select * from inline_probe`)).toEqual([]);
  });

  it('runs two statements of a new shape issued at once (one prepare, both answered)', async () => {
    const rows = await inlineTransaction(handle.db, (tx) =>
      Promise.all([1, 2].map((n) => queryRows<{ v: number }>(tx, sql`select ${n}::int * 10 as concurrent_probe`))),
    );
    expect(rows.map(([row]) => row)).toEqual([{ concurrent_probe: 10 }, { concurrent_probe: 20 }]);
  });

  it('leaves quoted text alone and refuses what it cannot inline', () => {
    expect(inlineParams(`select '$1', "$1", $1`, ["o'k"])).toBe(`select '$1', "$1", E'o''k'`);
    expect(() => inlineParams('select $1', ['a\0b'])).toThrow(/NUL/);
    expect(() => inlineParams('select $1', [{}])).toThrow(/cannot inline/);
    expect(() => inlineParams('select $2', ['a'])).toThrow(/\$2 of 1/);
  });
});

describe('inlineTransaction when the connection dies at COMMIT (Postgres through the fault proxy)', () => {
  const url = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
  let proxy: FaultProxy;
  let pool: pg.Pool;
  let direct: pg.Client;
  const table = `commit_probe_${process.pid}`;

  beforeAll(async () => {
    proxy = await startFaultProxy({ target: `${url.hostname}:${url.port || 5432}` });
    const through = new URL(url);
    through.host = proxy.address;
    pool = new pg.Pool({ connectionString: through.toString(), max: 2 });
    pool.on('error', () => {});
    pool.on('connect', (client) => client.on('error', () => {}));
    direct = new pg.Client({ connectionString: url.toString() });
    await direct.connect();
    await direct.query(`create table ${table} (id int primary key)`);
  });
  afterAll(async () => {
    await direct.query(`drop table if exists ${table}`);
    await direct.end();
    await pool.end().catch(() => {});
    await proxy.close();
  });

  it('COMMIT reached Postgres, its answer lost: 503 OUTCOME_UNKNOWN (the row is there); lost before: DATABASE_UNAVAILABLE', async () => {
    const db = drizzle({ client: pool }) as unknown as Db;
    // The COMMIT message is forwarded in full, then the link is reset before Postgres's answer comes back.
    const commitBytes = 1 + 4 + Buffer.byteLength('commit\0');
    const lostAnswer = await inlineTransaction(db, async (tx) => {
      await tx.execute(sql.raw(`insert into ${table} values (1)`));
      await proxy.set({ mode: 'reset', afterBytes: commitBytes });
    }).catch((e: unknown) => e);
    await proxy.set({ mode: 'pass' });
    expect(lostAnswer).toBeInstanceOf(AppError);
    expect(lostAnswer).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'OUTCOME_UNKNOWN', retryAfterSeconds: 5 });
    expect((lostAnswer as Error).message).toMatch(/retry with the same Idempotency-Key/);
    // It was committed: exactly why the client must not be told "not done".
    await vi.waitFor(async () => expect((await direct.query(`select id from ${table}`)).rows).toEqual([{ id: 1 }]));

    // Cut while the body runs: nothing was committed, an ordinary 503.
    const midBody = await inlineTransaction(db, async (tx) => {
      await tx.execute(sql.raw(`insert into ${table} values (2)`));
      await proxy.set({ mode: 'reset', afterBytes: 0 });
      await tx.execute(sql`select 1`);
    }).catch((e: unknown) => e);
    await proxy.set({ mode: 'pass' });
    expect(toAppError(midBody)).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'DATABASE_UNAVAILABLE' });
    expect((await direct.query(`select id from ${table} order by id`)).rows).toEqual([{ id: 1 }]);
  });
});
