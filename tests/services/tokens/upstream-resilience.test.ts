import { BrokenCircuitError } from 'cockatiel';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryCache } from '@/server/infra/cache/memory';
import { startFakeUpstreams, type FakeUpstreams } from '@/server/services/tokens/fake-upstreams/fake-upstreams';
import { healthy } from '@/server/services/tokens/fake-upstreams/faults';
import { createTokenSources } from '@/server/services/tokens/sources/token-sources';
import { createUpstreamBudget } from '@/server/services/tokens/sources/upstream-budget';
import { UpstreamCoolingDownError } from '@/server/services/tokens/sources/upstream-errors';
import type { UpstreamPolicyOptions } from '@/server/services/tokens/sources/upstream-policy';

const WETH = '0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2';
const SOL = 'So11111111111111111111111111111111111111112';

let fakes: FakeUpstreams;
beforeAll(async () => {
  fakes = await startFakeUpstreams();
});
afterAll(() => fakes.close());
afterEach(() => {
  for (const f of [fakes.dexscreener, fakes.geckoterminal, fakes.jupiter]) Object.assign(f.faults, healthy());
});

const sourcesWith = (policy: Partial<UpstreamPolicyOptions>) =>
  createTokenSources({
    names: ['dexscreener', 'geckoterminal', 'jupiter'],
    baseUrls: { dexscreener: fakes.dexscreener.url, geckoterminal: fakes.geckoterminal.url, jupiter: fakes.jupiter.url },
    cache: createMemoryCache(),
    policy: { baseDelayMs: 5, maxDelayMs: 50, ...policy },
  });

const stateOf = async (sources: ReturnType<typeof sourcesWith>, name: string) =>
  (await sources.health()).find((h) => h.name === name)!;

/** Most requests in any 60 s window. */
const busiestMinute = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= 60_000) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
};

describe('rate budget', () => {
  it('never grants more than the limit in any rolling minute, whatever the arrival pattern', async () => {
    let t = Date.UTC(2026, 0, 1, 0, 0, 7);
    const budget = createUpstreamBudget({ cache: createMemoryCache(), source: 'geckoterminal', limitPerMinute: 30, now: () => t });
    const granted: number[] = [];
    for (let i = 0; i < 5_000; i++) {
      t += Math.floor(Math.random() * 250); // bursts and gaps over ~10 minutes
      if ((await budget.take()).granted) granted.push(t);
    }
    expect(busiestMinute(granted)).toBeLessThanOrEqual(30);
    // …and still lets most of the limit through (5/6 of it by design).
    expect(granted.length).toBeGreaterThan(((t - granted[0]!) / 60_000) * 20);
  });

  it('a 429 storm never pushes more requests than the budget to the upstream (counted at the fake)', async () => {
    // A breaker that never opens and no Retry-After: only the budget stands between the storm and GeckoTerminal.
    const sources = sourcesWith({ breakerThreshold: 10_000, retries: 3, maxBudgetWaitMs: 0 });
    fakes.geckoterminal.faults.mode = 'rate-limited';
    fakes.geckoterminal.faults.retryAfterSeconds = 0;
    const before = fakes.geckoterminal.requestTimes.length;
    const calls = Array.from({ length: 200 }, () => sources.geckoterminal!.quoteTokens('ethereum', [WETH]));
    const settled = await Promise.allSettled(calls);

    expect(settled.every((s) => s.status === 'rejected')).toBe(true);
    const received = fakes.geckoterminal.requestTimes.slice(before);
    // 5 a slot; the storm lasts well under a minute, so at most two slots' worth and never over 30.
    expect(received.length).toBeGreaterThan(0);
    expect(received.length).toBeLessThanOrEqual(10);
    expect((await stateOf(sources, 'geckoterminal')).usedPerMinute).toBe(received.length);
  });

  it('Retry-After is honoured: no request reaches the upstream until it has passed', async () => {
    const sources = sourcesWith({});
    fakes.jupiter.faults.mode = 'rate-limited';
    fakes.jupiter.faults.retryAfterSeconds = 30;
    const before = fakes.jupiter.requestTimes.length;
    await expect(sources.jupiter!.quoteTokens('solana', [SOL])).rejects.toMatchObject({ status: 429 });
    fakes.jupiter.faults.mode = 'ok';
    for (let i = 0; i < 5; i++) {
      await expect(sources.jupiter!.quoteTokens('solana', [SOL])).rejects.toBeInstanceOf(UpstreamCoolingDownError);
    }
    expect(fakes.jupiter.requestTimes.length - before).toBe(1);
  });

  it('Retry-After holds back every instance sharing the cache, not only the one that was told', async () => {
    const cache = createMemoryCache();
    const instance = () =>
      createTokenSources({
        names: ['jupiter'],
        baseUrls: { dexscreener: '', geckoterminal: '', jupiter: fakes.jupiter.url },
        cache,
        policy: { retries: 0 },
      });
    const [told, other] = [instance(), instance()];
    fakes.jupiter.faults.mode = 'rate-limited';
    fakes.jupiter.faults.retryAfterSeconds = 30;
    const before = fakes.jupiter.requestTimes.length;
    await expect(told.jupiter!.quoteTokens('solana', [SOL])).rejects.toMatchObject({ status: 429 });
    fakes.jupiter.faults.mode = 'ok';
    await expect(other.jupiter!.quoteTokens('solana', [SOL])).rejects.toBeInstanceOf(UpstreamCoolingDownError);
    expect(fakes.jupiter.requestTimes.length - before).toBe(1);
  });
});

describe('circuit breaker', () => {
  it('opens after consecutive failures, refuses without calling, probes half-open, closes on recovery', async () => {
    const sources = sourcesWith({ retries: 0, breakerThreshold: 3, halfOpenAfterMs: 300 });
    fakes.dexscreener.faults.mode = 'server-error';
    for (let i = 0; i < 3; i++) await expect(sources.dexscreener!.quoteTokens('ethereum', [WETH])).rejects.toMatchObject({ status: 503 });
    expect((await stateOf(sources, 'dexscreener')).state).toBe('open');

    const sent = fakes.dexscreener.requestTimes.length;
    await expect(sources.dexscreener!.quoteTokens('ethereum', [WETH])).rejects.toBeInstanceOf(BrokenCircuitError);
    expect(fakes.dexscreener.requestTimes.length).toBe(sent);

    fakes.dexscreener.faults.mode = 'ok';
    fakes.dexscreener.faults.latencyMs = 500; // long enough to look at the breaker during the probe
    await new Promise((r) => setTimeout(r, 350));
    const probe = sources.dexscreener!.quoteTokens('ethereum', [WETH]);
    await new Promise((r) => setTimeout(r, 50));
    expect((await stateOf(sources, 'dexscreener')).state).toBe('half_open');
    expect(await probe).toHaveLength(1);
    const health = await stateOf(sources, 'dexscreener');
    expect(health.state).toBe('closed');
    expect(health.lastSuccessAt).not.toBeNull();
    expect(health.lastError?.message).toMatch(/open|circuit/i);
  });

  it('a failed probe opens it again', async () => {
    const sources = sourcesWith({ retries: 0, breakerThreshold: 1, halfOpenAfterMs: 100 });
    fakes.dexscreener.faults.mode = 'server-error';
    await expect(sources.dexscreener!.quoteTokens('ethereum', [WETH])).rejects.toMatchObject({ status: 503 });
    await new Promise((r) => setTimeout(r, 150));
    await expect(sources.dexscreener!.quoteTokens('ethereum', [WETH])).rejects.toMatchObject({ status: 503 });
    expect((await stateOf(sources, 'dexscreener')).state).toBe('open');
  });
});

describe('timeouts', () => {
  it('a hanging upstream costs at most (retries + 1) × timeout, then fails', async () => {
    const sources = sourcesWith({ timeoutMs: 150, retries: 1, breakerThreshold: 10 });
    fakes.geckoterminal.faults.mode = 'hang';
    const before = fakes.geckoterminal.requestTimes.length;
    const started = performance.now();
    await expect(sources.geckoterminal!.quoteTokens('ethereum', [WETH])).rejects.toThrow();
    // Two attempts of 150 ms plus a backoff of at most 50 ms; the bound is loose for a busy machine.
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(fakes.geckoterminal.requestTimes.length - before).toBe(2);
  });
});
