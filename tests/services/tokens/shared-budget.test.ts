import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUpstashCache } from '@/server/infra/cache/upstash';
import { startFakeUpstreams, type FakeUpstreams } from '@/server/services/tokens/fake-upstreams/fake-upstreams';
import { createTokenSources } from '@/server/services/tokens/sources/token-sources';
import { announceSkip, services } from '../../support/services';
import { upstashTestBridge } from '../../support/upstash';

const WETH = '0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2';

// The cloud profile: every instance counts against one budget per upstream, kept in Redis.
announceSkip('redis', 'token sources share one rate budget across instances (Upstash → Redis)');
describe.skipIf(!services.redis)('rate budget shared across instances through Redis', () => {
  const upstash = upstashTestBridge(services.redis!);
  let fakes: FakeUpstreams;
  beforeAll(async () => {
    fakes = await startFakeUpstreams();
  });
  afterAll(async () => {
    await fakes.close();
    await upstash.cleanup();
  });

  it('three instances hammering GeckoTerminal together stay within its limit, counted at the upstream', async () => {
    const instance = async () =>
      createTokenSources({
        names: ['geckoterminal'],
        baseUrls: { dexscreener: '', geckoterminal: fakes.geckoterminal.url, jupiter: '' },
        // Each instance its own Redis client, as separate processes would have.
        cache: createUpstashCache(await upstash.client(), upstash.prefix),
        policy: { retries: 0, breakerThreshold: 10_000, maxBudgetWaitMs: 0 },
      });
    const instances = await Promise.all([instance(), instance(), instance()]);
    const before = fakes.geckoterminal.requestTimes.length;
    const calls = instances.flatMap((s) => Array.from({ length: 40 }, () => s.geckoterminal!.quoteTokens('ethereum', [WETH])));
    const settled = await Promise.allSettled(calls);

    const received = fakes.geckoterminal.requestTimes.length - before;
    // One instance alone would be allowed 5 a 12 s slot; together they still get 5 (10 if the burst
    // straddles a slot edge) — not 3 × 5.
    expect(received).toBeGreaterThan(0);
    expect(received).toBeLessThanOrEqual(10);
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(received);
  });
});
