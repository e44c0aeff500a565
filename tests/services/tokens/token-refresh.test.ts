import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TokenView } from '@/contracts/tokens';
import { createMemoryBus } from '@/server/infra/bus/memory';
import { createMemoryCache } from '@/server/infra/cache/memory';
import type { Cache } from '@/server/infra/cache/types';
import { canonicalAddress } from '@/server/services/tokens/chains';
import { startFakeUpstreams, type FakeUpstreams } from '@/server/services/tokens/fake-upstreams/fake-upstreams';
import { healthy } from '@/server/services/tokens/fake-upstreams/faults';
import { SIM_TOKENS } from '@/server/services/tokens/fake-upstreams/universe';
import { tokenKeys, TOKENS_TOPIC } from '@/server/services/tokens/token-keys';
import { getToken, listTokens, sourceHealth } from '@/server/services/tokens/token-reader';
import { runRefreshCycle, type TokenRefreshDeps } from '@/server/services/tokens/token-refresh';
import { createTokenSources } from '@/server/services/tokens/sources/token-sources';

const REFRESH = 30_000;
const WETH = '0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2';
const DEGEN = '0x4ed4e862860bed51a9570b96d89af5e1b0efefed';
const AI16Z = 'HeLp6NuQkmYB4pYWo2zYs22mESHXPQYzXbB8n4V98jwC';
const POPCAT = '7GCihgDB8fe6KNjn2MYtkzZcRjQy3t9GHdC8uHYmW2hr';
const BRETT = '0x532f27101965dd16442e59d40670faf5ebb142e4';

let fakes: FakeUpstreams;
let clock = Date.UTC(2026, 10, 29, 12, 0, 1);
const now = () => clock;
beforeAll(async () => {
  fakes = await startFakeUpstreams({ now });
});
afterAll(() => fakes.close());
afterEach(() => {
  for (const f of [fakes.dexscreener, fakes.geckoterminal, fakes.jupiter]) Object.assign(f.faults, healthy());
});

const allUpstreamRequests = () =>
  fakes.dexscreener.requestTimes.length + fakes.geckoterminal.requestTimes.length + fakes.jupiter.requestTimes.length;

function setup(policy = {}) {
  const cache = createMemoryCache();
  const bus = createMemoryBus();
  const prefix = `t${crypto.randomUUID().slice(0, 8)}`;
  const keys = tokenKeys(prefix);
  const deps: TokenRefreshDeps = {
    sources: createTokenSources({
      names: ['dexscreener', 'geckoterminal', 'jupiter'],
      baseUrls: { dexscreener: fakes.dexscreener.url, geckoterminal: fakes.geckoterminal.url, jupiter: fakes.jupiter.url },
      cache,
      budgetKeyPrefix: keys.budget,
      policy: { retries: 0, breakerThreshold: 2, halfOpenAfterMs: 200, timeoutMs: 300, maxBudgetWaitMs: 0, ...policy },
      now,
    }),
    cache,
    bus,
    keys,
    refreshMs: REFRESH,
    seeds: async () => SIM_TOKENS.map((t) => ({ chain: t.chain, address: canonicalAddress(t.chain, t.address)! })),
    now,
  };
  let cycle = 0;
  // Each reader call gets a fresh clock reading and skips L1 (TTL) by asking at the test clock's time.
  const read = {
    list: (input: Partial<Parameters<typeof listTokens>[1]> = {}) =>
      listTokens(cache, { sort: 'volume24h', order: 'desc', limit: 100, ...input }, { prefix, now: clock }),
    get: (chain: TokenView['chain'], address: string) => getToken(cache, { chain, address }, { prefix, now: clock }),
    health: () => sourceHealth(cache, { prefix }),
  };
  /**
   * Readers keep an L1 copy for 2 s and then serve it once more while it reloads (stale-while-revalidate,
   * so no reader waits on L2): wait that out and trigger the reload to see the next snapshot.
   */
  const pastL1 = async () => {
    await new Promise((r) => setTimeout(r, 2_050));
    await Promise.all([read.list(), read.health()]);
    await new Promise((r) => setTimeout(r, 20));
  };
  return { deps, cache, bus, prefix, read, pastL1, cycle: () => runRefreshCycle(deps, cycle++) };
}


describe('refresh cycle over the fake upstreams', () => {
  it('merges the three sources: thin pools do not price, one-source tokens are kept, one address on two chains is two tokens', async () => {
    const { read, cycle } = setup();
    const report = await cycle();
    expect(report.outcomes.geckoterminal.failed).toBe(0);
    const { data } = await read.list();
    expect(data).toHaveLength(SIM_TOKENS.length);

    const ai16z = data.find((t) => t.address === AI16Z)!;
    expect(ai16z.fieldSources.priceUsd).toBe('geckoterminal');
    expect(Number(ai16z.priceUsd)).toBeLessThan(0.2); // DexScreener's $30 pool says ~6× more
    expect(data.find((t) => t.address === POPCAT)!.sources.map((s) => s.name)).toEqual(['jupiter']);
    expect(data.filter((t) => t.address === BRETT).map((t) => t.chain).sort()).toEqual(['arbitrum', 'base']);
    expect(await read.get('ethereum', WETH.toUpperCase().replace('0X', '0x'))).toMatchObject({ chain: 'ethereum', address: WETH });
  });

  it('one source down: results still served from the others, its fields go stale, breaker opens, then half-open → closed on recovery', async () => {
    const { read, cycle, pastL1 } = setup();
    await cycle();
    fakes.geckoterminal.faults.mode = 'server-error';
    clock += REFRESH;
    const during = await cycle();
    expect(during.outcomes.geckoterminal.failed).toBeGreaterThan(0);
    expect(during.outcomes.dexscreener.failed).toBe(0);
    expect((await read.health()).find((h) => h.name === 'geckoterminal')).toMatchObject({ state: 'open' });

    clock += 2 * REFRESH; // GeckoTerminal's last answers are now older than two refresh periods
    await cycle();
    await pastL1();
    const weth = await read.get('ethereum', WETH);
    expect(weth.stale).toBe(false);
    expect(weth.priceUsd).not.toBeNull();
    expect(weth.sources.map((s) => [s.name, s.stale])).toEqual([
      ['dexscreener', false],
      ['geckoterminal', true],
    ]);
    // DEGEN is only on GeckoTerminal: still listed with its last-good price, marked stale with its age.
    const degen = await read.get('base', DEGEN);
    expect(degen).toMatchObject({ stale: true });
    expect(degen.priceUsd).not.toBeNull();
    expect(degen.ageMs).toBeGreaterThan(2 * REFRESH);

    fakes.geckoterminal.faults.mode = 'ok';
    await new Promise((r) => setTimeout(r, 250)); // the breaker's open time
    clock += REFRESH;
    const after = await cycle();
    expect(after.outcomes.geckoterminal.failed).toBe(0);
    // GeckoTerminal's budget (5 requests a 12 s slot) defers one of its six chain batches a cycle; the
    // rotation serves it first next time.
    clock += REFRESH;
    await cycle();
    await pastL1();
    expect((await read.health()).find((h) => h.name === 'geckoterminal')).toMatchObject({ state: 'closed' });
    expect(await read.get('base', DEGEN)).toMatchObject({ stale: false });
  });

  it('timeouts never block a reader: with every upstream hanging, readers answer from the last snapshot', async () => {
    const { read, cycle } = setup({ timeoutMs: 1_000 });
    await cycle();
    for (const f of [fakes.dexscreener, fakes.geckoterminal, fakes.jupiter]) f.faults.mode = 'hang';
    clock += REFRESH;
    const hanging = cycle();
    await new Promise((r) => setTimeout(r, 20));
    const listed = read.list();
    // The reader is served while the cycle is still waiting on its timeouts.
    expect(await Promise.race([listed.then(() => 'reader'), hanging.then(() => 'cycle')])).toBe('reader');
    expect((await listed).data).toHaveLength(SIM_TOKENS.length);
    const report = await hanging; // and the cycle itself ends, bounded by the timeouts
    expect(report.outcomes.jupiter.failed).toBeGreaterThan(0);
  });

  it('publishes only the tokens that changed', async () => {
    const { bus, cycle } = setup();
    const events: TokenView[][] = [];
    await bus.subscribe<{ tokens: TokenView[] }>(TOKENS_TOPIC, (e) => events.push(e.data.tokens));
    await cycle();
    expect(events.at(-1)).toHaveLength(SIM_TOKENS.length);
    await cycle(); // same clock: the fakes answer the same prices
    expect(events).toHaveLength(1);
    fakes.jupiter.faults.mode = 'server-error';
    clock += 3 * REFRESH; // prices drift, and Jupiter's quotes go stale
    await cycle();
    expect(events).toHaveLength(2);
    expect(events[1]!.length).toBeGreaterThan(0);
  });
});

describe('readers', () => {
  it('1,000 concurrent readers cost one L2 read and no upstream request', async () => {
    const { cache, prefix, cycle } = setup();
    await cycle();
    let gets = 0;
    const counting: Cache = { ...cache, get: (key, o) => (gets++, cache.get(key, o)) };
    const upstreamBefore = allUpstreamRequests();
    const pages = await Promise.all(
      Array.from({ length: 1_000 }, () => listTokens(counting, { sort: 'liquidity', order: 'desc', limit: 10 }, { prefix })),
    );
    expect(pages.every((p) => p.data.length === 10)).toBe(true);
    expect(gets).toBe(1);
    expect(allUpstreamRequests()).toBe(upstreamBefore);
  });

  it('when L2 stops answering, an instance keeps serving the list it had', async () => {
    const { cache, prefix, cycle } = setup();
    await cycle();
    let down = false;
    const flaky: Cache = { ...cache, get: (key, o) => (down ? Promise.resolve(null) : cache.get(key, o)) };
    const read = () => listTokens(flaky, { sort: 'volume24h', order: 'desc', limit: 100 }, { prefix });
    expect((await read()).data).toHaveLength(SIM_TOKENS.length);
    down = true;
    await new Promise((r) => setTimeout(r, 2_050));
    await read(); // reloads from L2 in the background, which answers nothing
    await new Promise((r) => setTimeout(r, 20));
    expect((await read()).data).toHaveLength(SIM_TOKENS.length);
  });

  it('filters by chain, text, minimum liquidity; sorts both ways; pages with a cursor', async () => {
    const { read, cycle } = setup();
    await cycle();
    const solana = await read.list({ chain: 'solana', sort: 'liquidity', order: 'desc' });
    expect(solana.data.every((t) => t.chain === 'solana')).toBe(true);
    const liquidity = solana.data.map((t) => Number(t.liquidityUsd));
    expect(liquidity).toEqual([...liquidity].sort((a, b) => b - a));
    expect((await read.list({ q: 'pepe' })).data.map((t) => t.symbol)).toEqual(['PEPE']);
    expect((await read.list({ minLiquidity: '50000000' })).data.every((t) => Number(t.liquidityUsd) >= 50_000_000)).toBe(true);

    const first = await read.list({ sort: 'createdAt', order: 'asc', limit: 5 });
    const second = await read.list({ sort: 'createdAt', order: 'asc', limit: 5, cursor: first.nextCursor });
    const all = await read.list({ sort: 'createdAt', order: 'asc', limit: 10 });
    expect([...first.data, ...second.data].map((t) => t.address)).toEqual(all.data.map((t) => t.address));
    await expect(read.list({ cursor: 'not-a-cursor' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('unknown tokens are 404, addresses invalid for the chain are 400', async () => {
    const { read, cycle } = setup();
    await cycle();
    await expect(read.get('ethereum', '0x0000000000000000000000000000000000000001')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(read.get('ethereum', 'So11111111111111111111111111111111111111112')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
