import Decimal from 'decimal.js';
import { z } from 'zod';
import { canonicalAddress, chainFromDexScreener, dexScreenerChainId, type Chain } from '../chains';
import type { TokenQuote, TokenRef } from '../types';
import { UpstreamMalformedError } from './upstream-errors';
import type { UpstreamClient } from './upstream-http';
import { parseEach, upstreamAmount, upstreamChange, upstreamText } from './upstream-values';

/** `GET /tokens/v1/{chainId}/{addresses}` takes at most 30 addresses. */
export const DEXSCREENER_BATCH = 30;
/** DexScreener's published limit for its pair/token endpoints. */
export const DEXSCREENER_LIMIT_PER_MINUTE = 300;

const tokenSide = z.object({ address: z.string().min(1), name: upstreamText, symbol: upstreamText });
const windows = <T extends z.ZodType>(value: T) =>
  z.object({ m5: value, h1: value, h6: value, h24: value }).partial().nullish();

/** One pair as DexScreener documents it; fields we do not use are ignored (zod strips them). */
const pairSchema = z.object({
  chainId: z.string(),
  pairAddress: z.string(),
  baseToken: tokenSide,
  priceUsd: upstreamAmount,
  liquidity: z.object({ usd: upstreamAmount, base: upstreamAmount, quote: upstreamAmount }).partial().nullish(),
  volume: windows(upstreamAmount),
  priceChange: windows(upstreamChange),
  fdv: upstreamAmount,
  marketCap: upstreamAmount,
  pairCreatedAt: z.number().int().nonnegative().nullish(),
});
type Pair = z.output<typeof pairSchema>;

/** `/tokens/v1` answers a bare array of pairs; `/latest/dex/search` wraps them as `{schemaVersion, pairs}`. */
const tokensBody = z.array(z.unknown());
const searchBody = z.object({ pairs: z.array(z.unknown()).nullish() });

const liquidityOf = (pair: Pair) => pair.liquidity?.usd ?? null;

/**
 * DexScreener lists every pool a token trades in. The token's quote takes price, changes and creation from
 * its deepest pool (the one a trade would actually hit) and sums liquidity and volume over its pools. Only
 * pools where the token is the base count: `priceUsd` is always the base token's price.
 */
export function quotesFromPairs(pairs: readonly Pair[], asOf: number, only?: ReadonlySet<string>): TokenQuote[] {
  const byToken = new Map<string, { chain: Chain; address: string; pairs: Pair[] }>();
  for (const pair of pairs) {
    const chain = chainFromDexScreener(pair.chainId);
    if (!chain) continue;
    const address = canonicalAddress(chain, pair.baseToken.address);
    if (!address) continue;
    const key = `${chain}:${address}`;
    if (only && !only.has(key)) continue;
    const entry = byToken.get(key) ?? { chain, address, pairs: [] };
    entry.pairs.push(pair);
    byToken.set(key, entry);
  }
  return [...byToken.values()].map(({ chain, address, pairs: pools }) => {
    const priced = pools.filter((p) => p.priceUsd !== null);
    const deepest = [...(priced.length > 0 ? priced : pools)].sort((a, b) =>
      (liquidityOf(b) ?? new Decimal(0)).comparedTo(liquidityOf(a) ?? new Decimal(0)),
    )[0]!;
    const sum = (pick: (p: Pair) => Decimal | null) => {
      const known = pools.map(pick).filter((v): v is Decimal => v !== null);
      return known.length === 0 ? null : Decimal.sum(...known);
    };
    return {
      source: 'dexscreener',
      chain,
      address,
      symbol: deepest.baseToken.symbol,
      name: deepest.baseToken.name,
      priceUsd: deepest.priceUsd,
      liquidityUsd: sum(liquidityOf),
      volume24hUsd: sum((p) => p.volume?.h24 ?? null),
      change1hPct: deepest.priceChange?.h1 ?? null,
      change24hPct: deepest.priceChange?.h24 ?? null,
      marketCapUsd: deepest.marketCap,
      fdvUsd: deepest.fdv,
      pairCreatedAt: deepest.pairCreatedAt ?? null,
      asOf,
    } satisfies TokenQuote;
  });
}

export function createDexScreenerSource(client: UpstreamClient, now: () => number = Date.now) {
  return {
    name: 'dexscreener' as const,
    batchSize: DEXSCREENER_BATCH,
    /** Quotes for up to 30 tokens on one chain; tokens DexScreener does not know are simply absent. */
    async quoteTokens(chain: Chain, addresses: readonly string[]): Promise<TokenQuote[]> {
      if (addresses.length === 0) return [];
      if (addresses.length > DEXSCREENER_BATCH) throw new RangeError(`at most ${DEXSCREENER_BATCH} addresses`);
      const path = `/tokens/v1/${dexScreenerChainId(chain)}/${addresses.map(encodeURIComponent).join(',')}`;
      const body = tokensBody.safeParse(await client.getJson(path));
      if (!body.success) throw new UpstreamMalformedError('dexscreener', 'expected an array of pairs');
      const wanted = new Set(addresses.map((a) => `${chain}:${a}`));
      return quotesFromPairs(parseEach(pairSchema, body.data).parsed, now(), wanted);
    },
    /** Tokens on tracked chains whose pairs match a free-text query (discovery). */
    async search(query: string): Promise<TokenRef[]> {
      const body = searchBody.safeParse(await client.getJson(`/latest/dex/search?q=${encodeURIComponent(query)}`));
      if (!body.success) throw new UpstreamMalformedError('dexscreener', 'expected {pairs}');
      return quotesFromPairs(parseEach(pairSchema, body.data.pairs ?? []).parsed, now()).map(({ chain, address }) => ({
        chain,
        address,
      }));
    },
  };
}
export type DexScreenerSource = ReturnType<typeof createDexScreenerSource>;
