import { env, usesNeon } from '@/server/env';
import { logger } from '@/server/logger';
import { createMemoryBus } from './bus/memory';
import { createUpstashBus } from './bus/upstash';
import { createMemoryCache } from './cache/memory';
import { systemClock } from './clock';
import { createUpstashCache } from './cache/upstash';
import { replicaUrls, routeNeonThroughBridge } from './db/neon-config';
import { openNodePostgres } from './db/node-postgres';
import type { DbHandle } from './db/types';
import type { Infra } from './infra';
import { createMemoryRateLimiter } from './ratelimit/memory';
import { createUpstashRateLimiter } from './ratelimit/upstash';
import { createUpstashClient } from './upstash/client';

/**
 * The cloud profile on Node: Postgres from DATABASE_URL (Neon's WebSocket Pool for Neon or a Neon bridge,
 * else node-postgres), cache/bus/rate limits on Upstash REST. Without Upstash the Redis-backed ports fall
 * back to in-process ones — right for one instance only, so it is said out loud at boot.
 */
export async function createCloudInfra(): Promise<Infra> {
  if (!env.DATABASE_URL) {
    throw new Error('The cloud profile needs DATABASE_URL (Upstash alone is not a database).');
  }
  const handle = await openDb(env.DATABASE_URL);

  if (!env.UPSTASH_REDIS_REST_URL || !env.UPSTASH_REDIS_REST_TOKEN) {
    logger.warn('UPSTASH_REDIS_REST_URL/TOKEN not set: cache, bus and rate limits are per process (one instance only)');
    return { ...localPorts(), db: handle.db, dbDriver: handle.driver, clock: systemClock, logger, close: handle.close };
  }
  const redis = createUpstashClient({
    url: env.UPSTASH_REDIS_REST_URL,
    token: env.UPSTASH_REDIS_REST_TOKEN,
    timeoutMs: env.REDIS_TIMEOUT_MS,
    breaker: breakerSettings(),
    log: logger,
  });
  const bus = createUpstashBus(redis, { prefix: env.REDIS_KEY_PREFIX, log: logger });
  return {
    db: handle.db,
    dbDriver: handle.driver,
    cache: createUpstashCache(redis, env.REDIS_KEY_PREFIX, logger),
    bus,
    ratelimit: createUpstashRateLimiter(redis, env.REDIS_KEY_PREFIX, logger),
    clock: systemClock,
    logger,
    async close() {
      bus.close();
      await handle.close();
    },
  };
}

async function openDb(url: string): Promise<DbHandle> {
  if (env.NEON_BRIDGE_URL) routeNeonThroughBridge(env.NEON_BRIDGE_URL);
  const common = { log: logger, connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS, breaker: breakerSettings() };
  if (!usesNeon) return openNodePostgres(url, common);
  const { openNeonPool } = await import('./db/neon-pool');
  return openNeonPool(url, { replicaUrls: replicaUrls(env.DATABASE_REPLICA_URLS), ...common });
}

/** BREAKER_FAILURES / BREAKER_OPEN_MS, for every dependency's circuit breaker. */
export const breakerSettings = () => ({ failureThreshold: env.BREAKER_FAILURES, openMs: env.BREAKER_OPEN_MS });

const localPorts = () => ({ cache: createMemoryCache(), bus: createMemoryBus(), ratelimit: createMemoryRateLimiter() });
