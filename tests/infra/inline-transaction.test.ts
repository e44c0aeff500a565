import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inlineParams, inlineTransaction } from '@/server/infra/db/inline-transaction';
import { openPglite } from '@/server/infra/db/pglite';
import { queryRows, type DbHandle } from '@/server/infra/db/types';

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
