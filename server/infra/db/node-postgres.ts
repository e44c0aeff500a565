import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { Pool } from 'pg';
import * as schema from '@/db/schema';
import { MIGRATIONS_FOLDER } from './migrations-folder';
import type { Log } from '../log';
import { guardPool, type PoolBreakerOptions } from './pool-breaker';
import { survivePoolErrors } from './pool-errors';
import { DEFAULT_CONNECT_TIMEOUT_MS, type Db, type DbHandle } from './types';

/**
 * A plain postgres:// server (self-hosted, or the machine's Postgres in service tests). Getting a
 * connection — a new one, or a turn when all `max` are busy — gives up after `connectTimeoutMs` (a
 * dependency failure, 503), and a circuit breaker makes calls fail at once while Postgres is known down.
 */
export async function openNodePostgres(
  url: string,
  opts: { max?: number; log?: Log; connectTimeoutMs?: number; breaker?: PoolBreakerOptions | false } = {},
): Promise<DbHandle> {
  const pool = new Pool({
    connectionString: url,
    max: opts.max ?? 10,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
  });
  survivePoolErrors(pool, 'postgres pool', opts.log);
  if (opts.breaker !== false) guardPool(pool, { log: opts.log, ...opts.breaker });
  const db = drizzle({ client: pool, schema });
  await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return { db: db as unknown as Db, driver: 'node-postgres', close: () => pool.end() };
}
