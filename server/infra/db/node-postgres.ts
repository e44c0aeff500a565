import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { Pool } from 'pg';
import * as schema from '@/db/schema';
import { MIGRATIONS_FOLDER } from './migrations-folder';
import type { Log } from '../log';
import { survivePoolErrors } from './pool-errors';
import type { Db, DbHandle } from './types';

/** A plain postgres:// server (self-hosted, or the machine's Postgres in service tests). */
export async function openNodePostgres(url: string, opts: { max?: number; log?: Log } = {}): Promise<DbHandle> {
  const pool = new Pool({ connectionString: url, max: opts.max ?? 10 });
  survivePoolErrors(pool, 'postgres pool', opts.log);
  const db = drizzle({ client: pool, schema });
  await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return { db: db as unknown as Db, driver: 'node-postgres', close: () => pool.end() };
}
