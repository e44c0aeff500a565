import { AppError } from '@/server/errors';
import { edgeLive, env } from '@/server/env';
import { createUpstashBus } from './bus/upstash';
import { createUpstashCache } from './cache/upstash';
import { replicaUrls, routeNeonThroughBridge } from './db/neon-config';
import { openNeonHttp } from './db/neon-http';
import type { Infra } from './infra';
import { createMemoryRateLimiter } from './ratelimit/memory';
import { createUpstashRateLimiter } from './ratelimit/upstash';
import { createUpstashClient } from './upstash/client';

type EdgePorts = Pick<Infra, 'db' | 'cache' | 'bus' | 'ratelimit'>;

const globalForEdge = globalThis as typeof globalThis & { __primetradeEdgeInfra?: EdgePorts };

/**
 * Ports for the edge endpoint: fetch-only clients (Neon HTTP, Upstash REST) in the cloud profile. In the
 * local profile the edge sandbox shares no memory with Node, so the client never routes here and a data
 * port touched anyway answers 503 instead of opening a second database. The same holds for a cloud setup
 * whose database or Redis has no fetch-only client (a plain Postgres without the Neon bridge, no Upstash):
 * `edgeLive` is false there, so the client routes everything to Node.
 */
export function getEdgeInfra(): EdgePorts {
  globalForEdge.__primetradeEdgeInfra ??= createEdgeInfra();
  return globalForEdge.__primetradeEdgeInfra;
}

function createEdgeInfra(): EdgePorts {
  // The env checks repeat what edgeLive implies, for the types.
  if (!edgeLive || !env.DATABASE_URL || !env.UPSTASH_REDIS_REST_URL || !env.UPSTASH_REDIS_REST_TOKEN) {
    // A direct call (e.g. market.ping) still gets rate-limited, by a limiter of this sandbox's own.
    return { db: unavailable('db'), cache: unavailable('cache'), bus: unavailable('bus'), ratelimit: createMemoryRateLimiter() };
  }
  if (env.NEON_BRIDGE_URL) routeNeonThroughBridge(env.NEON_BRIDGE_URL);
  const redis = createUpstashClient({
    url: env.UPSTASH_REDIS_REST_URL,
    token: env.UPSTASH_REDIS_REST_TOKEN,
    timeoutMs: env.REDIS_TIMEOUT_MS,
    breaker: { failureThreshold: env.BREAKER_FAILURES, openMs: env.BREAKER_OPEN_MS },
  });
  return {
    db: openNeonHttp(env.DATABASE_URL, { replicaUrls: replicaUrls(env.DATABASE_REPLICA_URLS) }),
    cache: createUpstashCache(redis, env.REDIS_KEY_PREFIX),
    bus: createUpstashBus(redis, { prefix: env.REDIS_KEY_PREFIX }),
    ratelimit: createUpstashRateLimiter(redis, env.REDIS_KEY_PREFIX),
  };
}

function unavailable<T>(port: string): T {
  return new Proxy(
    {},
    {
      get() {
        throw new AppError('SERVICE_UNAVAILABLE', `The ${port} port is not served by the edge endpoint in this profile`);
      },
    },
  ) as T;
}
