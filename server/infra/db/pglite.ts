import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import * as schema from '@/db/schema';
import { MIGRATIONS_FOLDER } from './migrations-folder';
import type { Db, DbHandle } from './types';

/**
 * PGlite: Postgres in WASM, in this process. `dataDir` persists to disk; `undefined` keeps it in memory
 * (tests). One connection: transactions queue behind each other, so keep them short.
 */
export async function openPglite(dataDir: string | undefined, opts: { template?: Blob } = {}): Promise<DbHandle> {
  if (dataDir) await mkdir(dataDir, { recursive: true });
  // A template (a dump of an already-migrated database) makes a new in-memory database ~5× faster: tests.
  const client = opts.template
    ? await PGlite.create({ loadDataDir: opts.template, extensions: { pg_trgm } })
    : await PGlite.create(dataDir, { extensions: { pg_trgm } });
  const db = drizzle({ client, schema });
  await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return {
    db: db as unknown as Db,
    driver: 'pglite',
    close: () => client.close(),
    dump: () => client.dumpDataDir('none'),
  };
}
