import type { Logger } from 'pino';
import { logger as processLogger } from '@/server/logger';
import { createMemoryBus } from './bus/memory';
import { createMemoryCache } from './cache/memory';
import { openPglite } from './db/pglite';
import { systemClock, type Clock } from './clock';
import type { Infra } from './infra';
import { createMemoryRateLimiter } from './ratelimit/memory';

/**
 * The local profile: PGlite (on disk, or in memory when `dataDir` is undefined) + in-process ports. Tests
 * pass a clock they move, so TTLs and windows pass without waiting.
 */
export async function createLocalInfra(opts: {
  dataDir: string | undefined;
  template?: Blob;
  clock?: Clock;
  logger?: Logger;
}): Promise<Infra> {
  const handle = await openPglite(opts.dataDir, { template: opts.template });
  const clock = opts.clock ?? systemClock;
  return {
    db: handle.db,
    dbDriver: handle.driver,
    cache: createMemoryCache({ clock }),
    bus: createMemoryBus(),
    ratelimit: createMemoryRateLimiter({ now: clock }),
    clock,
    logger: opts.logger ?? processLogger,
    close: handle.close,
  };
}
