import { neonConfig, Pool } from '@neondatabase/serverless';
import { drizzle } from 'drizzle-orm/neon-serverless';
import { migrate } from 'drizzle-orm/neon-serverless/migrator';
import { withReplicas } from 'drizzle-orm/pg-core';
import ws from 'ws';
import * as schema from '@/db/schema';
import { MIGRATIONS_FOLDER } from './migrations-folder';
import type { Log } from '../log';
import { survivePoolErrors } from './pool-errors';
import type { Db, DbHandle } from './types';

// Node 20 has no global WebSocket; the Pool tunnels the Postgres protocol over one.
neonConfig.webSocketConstructor = ws;

/**
 * Neon for the Node endpoint: the WebSocket `Pool` (sessions, so interactive transactions work),
 * migrations applied on the primary, reads spread over replicas when there are any.
 */
export async function openNeonPool(url: string, opts: { replicaUrls?: string[]; max?: number; log?: Log } = {}): Promise<DbHandle> {
  const pools = [url, ...(opts.replicaUrls ?? [])].map((u) => {
    const pool = new Pool({ connectionString: u, max: opts.max ?? 10 });
    survivePoolErrors(pool, 'neon pool', opts.log);
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
