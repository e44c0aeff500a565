import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isSessionRevoked } from '@/server/services/users/sessions';
import { createUpstashBus } from '@/server/infra/bus/upstash';
import { createUpstashCache } from '@/server/infra/cache/upstash';
import { createUpstashRateLimiter } from '@/server/infra/ratelimit/upstash';
import { createUpstashClient } from '@/server/infra/upstash/client';

// The stated failure modes when Redis does not answer in time: a REST endpoint that never responds.
describe('Upstash adapters when Redis hangs', () => {
  let server: Server;
  let redis: ReturnType<typeof createUpstashClient>;

  beforeAll(async () => {
    server = createServer(() => {});
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    redis = createUpstashClient({ url: `http://127.0.0.1:${port}`, token: 'unused', timeoutMs: 100 });
    vi.spyOn(console, 'warn').mockImplementation(() => {});
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    vi.restoreAllMocks();
  });

  const dependencyOf = (port: string) => expect.objectContaining({ name: 'DependencyError', dependency: port });

  it('cache: serves without cache for reads and writes, throws for invalidations, counters and fail-closed reads', async () => {
    const cache = createUpstashCache(redis);
    expect(await cache.get('k')).toBeNull();
    expect(await cache.getMany(['k', 'l'])).toEqual([null, null]);
    await expect(cache.get('k', { orThrow: true })).rejects.toEqual(dependencyOf('cache'));
    await expect(cache.set('k', 1)).resolves.toBeUndefined();
    await expect(cache.del('k')).rejects.toEqual(dependencyOf('cache'));
    await expect(cache.delPrefix('k')).rejects.toEqual(dependencyOf('cache'));
    await expect(cache.incr('k')).rejects.toEqual(dependencyOf('cache'));
  });

  it('auth: a session whose revocation cannot be checked is refused as a cache outage, not let through', async () => {
    await expect(isSessionRevoked(createUpstashCache(redis), 'some-session-id')).rejects.toEqual(dependencyOf('cache'));
  });

  it('rate limits: a limit that cannot be checked throws a rate-limit outage (the policy decides), never "over the limit"', async () => {
    const limiter = createUpstashRateLimiter(redis);
    await expect(limiter.limit({ name: 'auth:login', limit: 10, windowMs: 60_000 }, 'a@example.com')).rejects.toEqual(dependencyOf('rate-limit'));
    await expect(limiter.limit({ name: 'read', limit: 1200, windowMs: 60_000 }, 'ip')).rejects.toEqual(dependencyOf('rate-limit'));
  });

  it('bus: publish and a first subscribe throw a bus outage, replay answers null (the client takes a fresh snapshot)', async () => {
    const bus = createUpstashBus(redis);
    await expect(bus.publish('t', 1)).rejects.toEqual(dependencyOf('bus'));
    await expect(bus.subscribe('t', () => {})).rejects.toEqual(dependencyOf('bus'));
    expect(await bus.replay('t', '1-0')).toBeNull();
    bus.close();
  });
});
