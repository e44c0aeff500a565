import pg from 'pg';
import { createMemoryBus } from '@/server/infra/bus/memory';
import { createMemoryCache } from '@/server/infra/cache/memory';
import { systemClock, type Clock } from '@/server/infra/clock';
import { openNodePostgres } from '@/server/infra/db/node-postgres';
import { openPglite } from '@/server/infra/db/pglite';
import type { DbHandle } from '@/server/infra/db/types';
import type { Infra } from '@/server/infra/infra';
import { createLocalInfra } from '@/server/infra/local';
import { createMemoryRateLimiter } from '@/server/infra/ratelimit/memory';
import { logger } from '@/server/logger';

let template: Promise<Blob> | undefined;

/**
 * A fresh local-profile infra: its own in-memory PGlite (migrated) and in-process cache, bus and rate
 * limits, on `clock` when given (a test moves it instead of sleeping through TTLs). The first call per test
 * file migrates a database and keeps its dump; later calls load the dump.
 */
export async function createTestInfra(opts: { clock?: Clock } = {}): Promise<Infra> {
  template ??= openPglite(undefined).then(async (handle) => {
    const dump = await handle.dump!();
    await handle.close();
    return dump;
  });
  return createLocalInfra({ dataDir: undefined, template: await template, clock: opts.clock });
}

/**
 * A throwaway database on the Postgres server at `url` (created, opened and migrated by `open` —
 * node-postgres unless given — and dropped on close), so service tests never touch each other's data.
 */
export async function createScratchPostgres(url: string, open: (url: string) => Promise<DbHandle> = openNodePostgres) {
  const name = `pt_test_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const scratchUrl = new URL(url);
  scratchUrl.pathname = `/${name}`;
  const handle = await open(scratchUrl.toString());
  return {
    ...handle,
    url: scratchUrl.toString(),
    async close() {
      await handle.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** Infra on a given database (a scratch Postgres) with in-process cache, bus and rate limits. */
export function infraOn(handle: DbHandle, ports: Partial<Infra> = {}): Infra {
  return {
    db: handle.db,
    dbDriver: handle.driver,
    cache: createMemoryCache(),
    bus: createMemoryBus(),
    ratelimit: createMemoryRateLimiter(),
    clock: systemClock,
    logger,
    close: handle.close,
    ...ports,
  };
}
