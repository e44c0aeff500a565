import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstreams, type FakeUpstreams } from '@/server/services/tokens/fake-upstreams/fake-upstreams';
import { createDexScreenerSource } from '@/server/services/tokens/sources/dexscreener';
import { createGeckoTerminalSource, GECKOTERMINAL_ACCEPT } from '@/server/services/tokens/sources/geckoterminal';
import { createJupiterSource } from '@/server/services/tokens/sources/jupiter';
import { UpstreamHttpError, UpstreamMalformedError } from '@/server/services/tokens/sources/upstream-errors';
import { createPlainUpstream, httpGetJson } from '@/server/services/tokens/sources/upstream-http';

const SOL = 'So11111111111111111111111111111111111111112';
const POPCAT = '7GCihgDB8fe6KNjn2MYtkzZcRjQy3t9GHdC8uHYmW2hr';
const AI16Z = 'HeLp6NuQkmYB4pYWo2zYs22mESHXPQYzXbB8n4V98jwC';
const PEPE = '0x6982508145454ce325ddbe47a25d4ec3d2311933';

let fakes: FakeUpstreams;
beforeAll(async () => {
  fakes = await startFakeUpstreams();
});
afterAll(() => fakes.close());

const sources = () => ({
  dex: createDexScreenerSource(createPlainUpstream({ source: 'dexscreener', baseUrl: fakes.dexscreener.url })),
  gecko: createGeckoTerminalSource(
    createPlainUpstream({ source: 'geckoterminal', baseUrl: fakes.geckoterminal.url, headers: { accept: GECKOTERMINAL_ACCEPT } }),
  ),
  jupiter: createJupiterSource(createPlainUpstream({ source: 'jupiter', baseUrl: fakes.jupiter.url })),
});

describe('fake upstreams speak the real shapes (the real adapters read them)', () => {
  it('SOL is priced by all three; POPCAT only by Jupiter; the thin AI16Z pool is all DexScreener has', async () => {
    const { dex, gecko, jupiter } = sources();
    const [d, g, j] = await Promise.all([
      dex.quoteTokens('solana', [SOL, POPCAT, AI16Z]),
      gecko.quoteTokens('solana', [SOL, POPCAT, AI16Z]),
      jupiter.quoteTokens('solana', [SOL, POPCAT, AI16Z]),
    ]);
    expect(d.map((q) => q.address).sort()).toEqual([AI16Z, SOL].sort());
    expect(g.map((q) => q.address).sort()).toEqual([AI16Z, SOL].sort());
    expect(j.map((q) => q.address).sort()).toEqual([POPCAT, SOL].sort());
    expect(d.find((q) => q.address === AI16Z)!.liquidityUsd!.toNumber()).toBe(30);
  });

  it('sources disagree on PEPE, and GeckoTerminal answers lower-case EVM ids', async () => {
    const { dex, gecko } = sources();
    const [[d], [g]] = await Promise.all([dex.quoteTokens('ethereum', [PEPE]), gecko.quoteTokens('ethereum', [PEPE])]);
    expect(d!.priceUsd!.div(g!.priceUsd!).toNumber()).toBeCloseTo(1.02 / 0.98, 3);
  });

  it('GeckoTerminal amounts are plain-notation strings, as the real API prints them', async () => {
    const res = await fetch(`${fakes.geckoterminal.url}/networks/eth/tokens/multi/0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2`);
    const { data } = (await res.json()) as { data: { attributes: Record<string, unknown> }[] };
    const a = data[0]!.attributes;
    for (const value of [a.price_usd, a.fdv_usd, a.total_reserve_in_usd]) expect(value).toMatch(/^\d+(\.\d+)?$/);
  });

  it('trending pools and search feed discovery', async () => {
    const { dex, gecko } = sources();
    expect((await gecko.trendingTokens()).length).toBeGreaterThan(3);
    expect(await dex.search('pepe')).toEqual([{ chain: 'ethereum', address: PEPE }]);
  });

  it('fault switches: 429 with Retry-After, 5xx, malformed body, hang; every request is counted', async () => {
    const { jupiter } = sources();
    const before = fakes.jupiter.requestTimes.length;
    try {
      fakes.jupiter.faults.mode = 'rate-limited';
      fakes.jupiter.faults.retryAfterSeconds = 3;
      await expect(jupiter.quoteTokens('solana', [SOL])).rejects.toMatchObject({ status: 429, retryAfterMs: 3000 });
      fakes.jupiter.faults.mode = 'server-error';
      await expect(jupiter.quoteTokens('solana', [SOL])).rejects.toBeInstanceOf(UpstreamHttpError);
      fakes.jupiter.faults.mode = 'malformed';
      await expect(jupiter.quoteTokens('solana', [SOL])).rejects.toBeInstanceOf(UpstreamMalformedError);
      fakes.jupiter.faults.mode = 'hang';
      const get = httpGetJson({ source: 'jupiter', baseUrl: fakes.jupiter.url });
      await expect(get(`/price/v3?ids=${SOL}`, AbortSignal.timeout(100))).rejects.toThrow(/abort|timeout/i);
    } finally {
      fakes.jupiter.faults.mode = 'ok';
    }
    expect(fakes.jupiter.requestTimes.length - before).toBe(4);
  });
});
