import { createMemoryBus } from '@/server/infra/bus/memory';
import { createMemoryCache } from '@/server/infra/cache/memory';
import { openPglite } from '@/server/infra/db/pglite';
import { createMemoryRateLimiter } from '@/server/infra/ratelimit/memory';
import { busContract } from './contracts/bus';
import { cacheContract } from './contracts/cache';
import { dbContract } from './contracts/db';
import { rateLimitContract } from './contracts/ratelimit';

// The local profile's adapters against the same contracts the cloud adapters must pass.
dbContract('PGlite (in memory)', () => openPglite(undefined));
cacheContract('in-process LRU', async () => ({ cache: createMemoryCache() }));
busContract('in-process', async () => ({ bus: createMemoryBus({ replaySize: 100 }), replaySize: 100 }));
rateLimitContract('in-process sliding window', async () => ({ limiter: createMemoryRateLimiter() }));
