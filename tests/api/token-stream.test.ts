import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenView } from '@/contracts/tokens';
import type { Infra } from '@/server/infra/infra';
import { createMemoryBus } from '@/server/infra/bus/memory';
import { compareEventIds } from '@/server/infra/bus/types';
import { createMemoryCache } from '@/server/infra/cache/memory';
import { canonicalAddress } from '@/server/services/tokens/chains';
import { startFakeUpstreams, type FakeUpstreams } from '@/server/services/tokens/fake-upstreams/fake-upstreams';
import { SIM_TOKENS } from '@/server/services/tokens/fake-upstreams/universe';
import { tokenKeys } from '@/server/services/tokens/token-keys';
import { runRefreshCycle, type TokenRefreshDeps } from '@/server/services/tokens/token-refresh';
import { getTokenHub, streamTokensTo, type TokenStreamEvent } from '@/server/services/tokens/token-stream';
import { createTokenSources } from '@/server/services/tokens/sources/token-sources';
import { callerFor } from '../support/caller';
import { createTestInfra } from '../support/infra';
import { FakeResponse, until } from '../support/sse-response';

const REFRESH = 30_000;
let clock = Date.UTC(2026, 10, 29, 12, 0, 1);
let fakes: FakeUpstreams;
let infra: Infra;

/** Refresh cycles over the fake upstreams into `ports`, under the readers' default key prefix; the test moves the clock. */
function refresher(ports: Pick<Infra, 'cache' | 'bus'>) {
  const keys = tokenKeys();
  const deps: TokenRefreshDeps = {
    sources: createTokenSources({
      names: ['dexscreener', 'geckoterminal', 'jupiter'],
      baseUrls: { dexscreener: fakes.dexscreener.url, geckoterminal: fakes.geckoterminal.url, jupiter: fakes.jupiter.url },
      cache: ports.cache,
      budgetKeyPrefix: keys.budget,
      policy: { retries: 0, maxBudgetWaitMs: 0 },
      now: () => clock,
    }),
    cache: ports.cache,
    bus: ports.bus,
    keys,
    refreshMs: REFRESH,
    seeds: async () => SIM_TOKENS.map((t) => ({ chain: t.chain, address: canonicalAddress(t.chain, t.address)! })),
    now: () => clock,
  };
  let n = 0;
  return () => runRefreshCycle(deps, n++);
}

/** The SSE events written so far, parsed. */
function events(text: string) {
  return [...text.matchAll(/event: (\w+)\nid: (\d+-\d+)\ndata: (.+)\n\n/g)].map((m) => ({
    event: m[1]!,
    id: m[2]!,
    tokens: JSON.parse(m[3]!) as TokenView[],
  }));
}

beforeAll(async () => {
  fakes = await startFakeUpstreams({ now: () => clock });
  infra = await createTestInfra();
});
afterAll(async () => {
  await getTokenHub(infra.bus).stop();
  await infra.close();
  await fakes.close();
});

describe('live token stream', () => {
  it('SSE: a snapshot of every token, then one `tokens` event per cycle with only the tokens that changed', async () => {
    const ports = { cache: createMemoryCache(), bus: createMemoryBus(), ratelimit: infra.ratelimit };
    const hub = getTokenHub(ports.bus);
    await hub.start();
    const cycle = refresher(ports);
    const first = await cycle();

    const res = new FakeResponse();
    await streamTokensTo(hub, { ...ports, identity: 'ip:token-sse' }, res, {});
    await until(() => events(res.text).length === 1);
    const [snapshot] = events(res.text);
    expect(snapshot!.event).toBe('snapshot');
    expect(snapshot!.tokens).toHaveLength(first.tokens);

    // Nothing moved (same clock): nothing is sent.
    expect((await cycle()).changed).toBe(0);
    // Prices drift with time: the changed tokens leave as one event, after the snapshot's id.
    clock += REFRESH;
    const second = await cycle();
    expect(second.changed).toBeGreaterThan(0);
    await until(() => events(res.text).length === 2);
    const update = events(res.text)[1]!;
    expect(update.event).toBe('tokens');
    expect(update.tokens).toHaveLength(second.changed);
    expect(compareEventIds(update.id, snapshot!.id)).toBeGreaterThan(0);
    const sol = update.tokens.find((t) => t.symbol === 'SOL')!;
    expect(sol.priceUsd).not.toBe(snapshot!.tokens.find((t) => t.symbol === 'SOL')!.priceUsd);
    res.destroy();
    await hub.stop();
  });

  it('SSE: Last-Event-ID resumes with exactly the missed cycles; an id past the replay buffer gets a fresh snapshot', async () => {
    const ports = { cache: createMemoryCache(), bus: createMemoryBus({ replaySize: 3 }), ratelimit: infra.ratelimit };
    const hub = getTokenHub(ports.bus);
    await hub.start();
    const cycle = refresher(ports);
    await cycle();
    const res = new FakeResponse();
    await streamTokensTo(hub, { ...ports, identity: 'ip:token-resume' }, res, {});
    await until(() => events(res.text).length === 1);
    const lastSeen = events(res.text)[0]!.id;
    res.destroy();

    for (let i = 0; i < 2; i++) {
      clock += REFRESH;
      await cycle();
    }
    const resumed = new FakeResponse();
    await streamTokensTo(hub, { ...ports, identity: 'ip:token-resume', lastEventId: lastSeen }, resumed, {});
    await until(() => events(resumed.text).length === 2);
    expect(events(resumed.text).map((e) => e.event)).toEqual(['tokens', 'tokens']);
    resumed.destroy();

    // Four more cycles push the resumed-from id out of a three-event buffer.
    for (let i = 0; i < 4; i++) {
      clock += REFRESH;
      await cycle();
    }
    const late = new FakeResponse();
    await streamTokensTo(hub, { ...ports, identity: 'ip:token-resume', lastEventId: lastSeen }, late, {});
    await until(() => events(late.text).length === 1);
    expect(events(late.text)[0]!.event).toBe('snapshot');
    late.destroy();
    await hub.stop();
  });

  it('stream.tokens (tRPC) yields a tracked snapshot, then the next cycle\'s changed tokens', async () => {
    const cycle = refresher(infra);
    await cycle();
    const it = (await callerFor(infra).stream.tokens(undefined))[Symbol.asyncIterator]();
    // A server-side caller receives tracked events as [id, data] (HTTP clients get { id, data }).
    const next = async () => (await it.next()).value as unknown as [string, TokenStreamEvent];
    const first = await next();
    expect(first[0]).toMatch(/^\d+-\d+$/);
    expect(first[1].type).toBe('snapshot');
    expect(first[1].tokens.length).toBeGreaterThan(10);
    clock += REFRESH;
    const { changed } = await cycle();
    const update = await next();
    expect(update[1].type).toBe('tokens');
    expect(update[1].tokens).toHaveLength(changed);
    await it.return?.();
    await expect(callerFor(infra).stream.tokens({ lastEventId: 'yesterday' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
