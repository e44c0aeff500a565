import { neonConfig, Pool } from '@neondatabase/serverless';
import { drizzle } from 'drizzle-orm/neon-serverless';
import { migrate } from 'drizzle-orm/neon-serverless/migrator';
import { withReplicas } from 'drizzle-orm/pg-core';
import ws from 'ws';
import * as schema from '@/db/schema';
import { MIGRATIONS_FOLDER } from './migrations-folder';
import type { Log } from '../log';
import { guardPool, type PoolBreakerOptions } from './pool-breaker';
import { survivePoolErrors } from './pool-errors';
import { DEFAULT_CONNECT_TIMEOUT_MS, type Db, type DbHandle } from './types';

// Node 20 has no global WebSocket; the Pool tunnels the Postgres protocol over one.
neonConfig.webSocketConstructor = ws;

/**
 * Neon for the Node endpoint: the WebSocket `Pool` (sessions, so interactive transactions work),
 * migrations applied on the primary, reads spread over replicas when there are any. Connection timeout
 * and circuit breaker as for node-postgres (see openNodePostgres).
 */
export async function openNeonPool(
  url: string,
  opts: { replicaUrls?: string[]; max?: number; log?: Log; connectTimeoutMs?: number; breaker?: PoolBreakerOptions | false } = {},
): Promise<DbHandle> {
  const pools = [url, ...(opts.replicaUrls ?? [])].map((u) => {
    const pool = new Pool({
      connectionString: u,
      max: opts.max ?? 10,
      connectionTimeoutMillis: opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    });
    survivePoolErrors(pool, 'neon pool', opts.log);
    // One breaker per pool: a replica down does not stop writes to the primary.
    if (opts.breaker !== false) guardPool(pool, { log: opts.log, ...opts.breaker });
    return pool;
  });
  const [primary, ...replicas] = pools.map((client) => drizzle({ client, schema }));
  await migrate(primary!, { migrationsFolder: MIGRATIONS_FOLDER });
  const db = replicas.length > 0 ? withReplicas(primary!, replicas as [typeof primary & {}]) : primary!;
  return {
    db: db as unknown as Db,
    driver: 'neon-serverless',
    close: async () => {
      await Promise.all(pools.map((p) => p.end()));
    },
  };
}
