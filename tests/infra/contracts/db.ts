import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '@/db/schema';
import { queryRows, type Db } from '@/server/infra/db/types';

/** The db port's contract: migrations applied, and the Postgres behaviour the domain relies on. */
export function dbContract(name: string, make: () => Promise<{ db: Db; close: () => Promise<void> }>) {
  describe(`db contract: ${name}`, () => {
    let db: Db;
    let close: () => Promise<void>;

    beforeAll(async () => {
      ({ db, close } = await make());
    });
    afterAll(async () => close?.());

    it('has every migration applied', async () => {
      const rows = await queryRows<{ table_name: string }>(
        db,
        sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
      );
      const tables = rows.map((r) => r.table_name);
      expect(tables).toEqual(expect.arrayContaining(['accounts', 'audit_log', 'users']));
    });

    it('enforces unique emails', async () => {
      await db.insert(users).values({ email: 'same@example.com', name: 'One' });
      await expect(db.insert(users).values({ email: 'same@example.com', name: 'Two' })).rejects.toThrow();
    });

    it('rolls back a failed transaction completely', async () => {
      await expect(
        db.transaction(async (tx) => {
          await tx.insert(users).values({ email: 'rolled-back@example.com', name: 'Gone' });
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      expect(await db.select().from(users).where(eq(users.email, 'rolled-back@example.com'))).toEqual([]);
    });

    it('keeps numeric values exact', async () => {
      const [row] = await queryRows<{ sum: string }>(db, sql`select (0.1::numeric + 0.2::numeric)::text as sum`);
      expect(row?.sum).toBe('0.3');
    });
  });
}
