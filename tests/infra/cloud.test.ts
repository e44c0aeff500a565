import { afterAll, describe, expect, it } from 'vitest';
import { createUpstashBus } from '@/server/infra/bus/upstash';
import { createUpstashCache } from '@/server/infra/cache/upstash';
import { createUpstashRateLimiter } from '@/server/infra/ratelimit/upstash';
import { announceSkip, services } from '../support/services';
import { upstashTestBridge } from '../support/upstash';
import { busContract } from './contracts/bus';
import { cacheContract } from './contracts/cache';
import { rateLimitContract } from './contracts/ratelimit';

// The cloud profile's Redis adapters against the same contracts, through the Upstash REST bridge in
// front of a real Redis (7 in CI).
announceSkip('redis', 'cache/bus/ratelimit contracts on Upstash (REST bridge → Redis)');
describe.skipIf(!services.redis)('Upstash adapters through the REST bridge', () => {
  const upstash = upstashTestBridge(services.redis!);
  afterAll(() => upstash.cleanup());

  cacheContract('Upstash', async () => ({ cache: createUpstashCache(await upstash.client(), upstash.prefix) }));
  rateLimitContract('Upstash sliding window', async () => ({
    limiter: createUpstashRateLimiter(await upstash.client(), upstash.prefix),
  }));
  busContract('Upstash streams', async () => {
    const bus = createUpstashBus(await upstash.client(), { prefix: upstash.prefix, replaySize: 100, pollMs: 20 });
    return { bus, replaySize: 100, close: async () => bus.close() };
  });

  it('delivers across instances: what one process publishes, another process’s subscribers receive', async () => {
    const options = { prefix: upstash.prefix, pollMs: 20 };
    const publisher = createUpstashBus(await upstash.client(), options);
    const other = createUpstashBus(await upstash.client(), options);
    const got: number[] = [];
    const off = await other.subscribe<number>('ticks', (e) => got.push(e.data));
    for (let i = 0; i < 5; i++) await publisher.publish('ticks', i);
    const until = Date.now() + 2_000;
    while (got.length < 5 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    expect(got).toEqual([0, 1, 2, 3, 4]);
    await off();
    publisher.close();
    other.close();
  });

  it('shares counters and invalidations across instances', async () => {
    const [a, b] = [createUpstashCache(await upstash.client(), upstash.prefix), createUpstashCache(await upstash.client(), upstash.prefix)];
    await a.set('shared:user', { disabled: false });
    expect(await b.get('shared:user')).toEqual({ disabled: false });
    await b.del('shared:user');
    expect(await a.get('shared:user')).toBeNull();
    expect([await a.incr('shared:n'), await b.incr('shared:n')]).toEqual([1, 2]);
  });
});
