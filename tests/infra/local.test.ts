import { createMemoryBus } from '@/server/infra/bus/memory';
import { createMemoryCache } from '@/server/infra/cache/memory';
import { openPglite } from '@/server/infra/db/pglite';
import { createMemoryRateLimiter } from '@/server/infra/ratelimit/memory';
import { busContract } from './contracts/bus';
import { cacheContract } from './contracts/cache';
import { dbContract } from './contracts/db';
import { rateLimitContract } from './contracts/ratelimit';
import { manualClock } from '../support/trading';

// The local profile's adapters against the same contracts the cloud adapters must pass.
dbContract('PGlite (in memory)', () => openPglite(undefined));
// The in-process adapters take the clock, so their TTLs and windows pass without waiting.
cacheContract('in-process LRU', async () => {
  const time = manualClock(Date.now());
  return { cache: createMemoryCache({ clock: time.clock }), elapse: async (ms) => time.advance(ms) };
});
busContract('in-process', async () => ({ bus: createMemoryBus({ replaySize: 100 }), replaySize: 100 }));
rateLimitContract('in-process sliding window', async () => {
  const time = manualClock(Date.now());
  return { limiter: createMemoryRateLimiter({ now: time.clock }), elapse: async (ms) => time.advance(ms) };
});
