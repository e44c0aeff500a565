import { createMemoryBus } from './bus/memory';
import { createMemoryCache } from './cache/memory';
import { openPglite } from './db/pglite';
import type { Infra } from './infra';
import { createMemoryRateLimiter } from './ratelimit/memory';

/** The local profile: PGlite (on disk, or in memory when `dataDir` is undefined) + in-process ports. */
export async function createLocalInfra(opts: { dataDir: string | undefined; template?: Blob }): Promise<Infra> {
  const handle = await openPglite(opts.dataDir, { template: opts.template });
  return {
    db: handle.db,
    dbDriver: handle.driver,
    cache: createMemoryCache(),
    bus: createMemoryBus(),
    ratelimit: createMemoryRateLimiter(),
    close: handle.close,
  };
}
