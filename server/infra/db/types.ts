import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from '@/db/schema';

/** How long getting a pooled connection may take (a new one, or a turn at a full pool) before it is a 503. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

/** The db port: Drizzle's common Postgres database type, whatever driver is behind it. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DbHandle {
  db: Db;
  /** Which driver serves this handle; shown by /api/ready. */
  driver: 'pglite' | 'node-postgres' | 'neon-serverless';
  close(): Promise<void>;
  /** PGlite only: the whole database as a tarball (a template for fast test databases). */
  dump?: () => Promise<Blob>;
}

/** Rows of a raw `db.execute(sql…)`: every driver we use answers `{ rows }`. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
