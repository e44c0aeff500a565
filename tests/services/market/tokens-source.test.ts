import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TokenView } from '@/contracts/tokens';
import type { Infra } from '@/server/infra/infra';
import { createTokensSource, tokenAssets } from '@/server/services/market/sources/tokens-source';
import type { SourceTick } from '@/server/services/market/sources/price-source';
import { tokenKeys } from '@/server/services/tokens/token-keys';
import type { TokenSnapshot } from '@/server/services/tokens/token-snapshot';
import { createTestInfra } from '../../support/infra';

/**
 * The meme-token LiveSource reads the token aggregator's merged snapshot (what its refresh cycle stores in the
 * cache port): a tick per cycle with newer quotes, at the catalogue's precision; nothing for stale tokens.
 */
const PEPE = '0x6982508145454ce325ddbe47a25d4ec3d2311933';
const T0 = Date.UTC(2026, 10, 30, 1, 0, 0);
let infra: Infra;
let now = T0;
beforeEach(async () => {
  infra = await createTestInfra();
  now = T0;
});
afterEach(() => infra.close());

function token(priceUsd: string | null, asOf: number): TokenView {
  const none = { priceUsd: null, liquidityUsd: null, volume24h: null, change1h: null, change24h: null, marketCap: null, fdv: null, pairCreatedAt: null };
  return {
    chain: 'ethereum', address: PEPE, symbol: 'PEPE', name: 'Pepe', priceUsd, liquidityUsd: '5000000', volume24h: null, change1h: null,
    change24h: null, marketCap: null, fdv: null, pairCreatedAt: null, fieldSources: { ...none, priceUsd: 'dexscreener' },
    sources: [{ name: 'dexscreener', priceUsd, liquidityUsd: '5000000', asOf: new Date(asOf).toISOString(), stale: false }],
    stale: false, ageMs: 0,
  } as TokenView;
}
async function store(prefix: string, tokens: TokenView[]) {
  const snapshot: TokenSnapshot = { builtAt: now, refreshMs: 30_000, tokens };
  await infra.cache.set(tokenKeys(prefix).snapshot, snapshot);
}

describe('tokens LiveSource', () => {
  it('serves catalogue meme tokens with a contract on a tracked chain', () => {
    const assets = tokenAssets([
      { symbol: 'PEPE', chain: 'ethereum', contractAddress: PEPE, pricePrecision: 10 },
      { symbol: 'DOGE', chain: 'dogecoin', contractAddress: null, pricePrecision: 5 },
    ]);
    expect(assets.map((a) => a.symbol)).toEqual(['PEPE']);
  });

  it('a tick per refresh with newer quotes, at the asset precision; none for a stale token; no history', async () => {
    // Each test has its own prefix: the aggregator's reader keeps an in-process copy per prefix for 2 s.
    const prefix = `tokens-test-${crypto.randomUUID()}`;
    await store(prefix, [token('0.00001924123456', T0 - 5_000)]);
    const source = createTokensSource({
      cache: infra.cache,
      keyPrefix: prefix,
      pollMs: 20,
      now: () => now,
      assets: [{ symbol: 'PEPE', chain: 'ethereum', contractAddress: PEPE, pricePrecision: 10 }],
    });
    const seen: SourceTick[] = [];
    const stop = source.start((ticks) => seen.push(...ticks));
    try {
      await until(() => seen.length === 1);
      expect(seen[0]).toEqual({ symbol: 'PEPE', price: '0.0000192412', volume: '0', ts: T0 - 5_000 });
      expect(source.lastTickAt('PEPE')).toBe(T0 - 5_000);
      await new Promise((r) => setTimeout(r, 100));
      expect(seen).toHaveLength(1); // the same cycle: no repeat

      // A later cycle, then one whose quotes are all stale: that one gives no tick (the feed shows it stale).
      const later = `tokens-test-${crypto.randomUUID()}`;
      await store(later, [token('0.0000200000', T0 + 25_000)]);
      const next = createTokensSource({ cache: infra.cache, keyPrefix: later, pollMs: 20, now: () => now, assets: [{ symbol: 'PEPE', chain: 'ethereum', contractAddress: PEPE, pricePrecision: 10 }] });
      now = T0 + 200_000; // every quote older than two refresh periods
      const got: SourceTick[] = [];
      const stopNext = next.start((t) => got.push(...t));
      await new Promise((r) => setTimeout(r, 150));
      stopNext();
      expect(got).toEqual([]);
      expect(next.lastTickAt('PEPE')).toBeNull();
      expect(await source.history('PEPE', T0 - 3_600_000, T0)).toEqual([]);
    } finally {
      stop();
    }
  });
});

async function until(ok: () => boolean, ms = 5_000) {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
