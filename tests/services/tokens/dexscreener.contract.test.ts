import { describe, expect, it } from 'vitest';
import { createDexScreenerSource } from '@/server/services/tokens/sources/dexscreener';
import { UpstreamHttpError, UpstreamMalformedError } from '@/server/services/tokens/sources/upstream-errors';
import { createPlainUpstream } from '@/server/services/tokens/sources/upstream-http';
import { fixture, json, recordedFetch } from './recorded-upstream';

const SOL = 'So11111111111111111111111111111111111111112';
const BONK = 'DezXAZ8z7PnrnRJjz3wXBoRgixCa6xjnB7YaB1pPB263';
const WIF = 'EKpQGSJtjMFqKZ9KQanSqYXRcF8fBopzLHYxdM65zcjm';
const JUP = 'JUPyiwrYJFskUPiHa7hkeR8VUtAeFoSYbKedZNsDvCN';
const USDC = 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v';

function source(...responses: (() => Response)[]) {
  const recorded = recordedFetch(...responses);
  const client = createPlainUpstream({ source: 'dexscreener', baseUrl: 'https://api.dexscreener.com/', fetch: recorded.fetch });
  return { dex: createDexScreenerSource(client, () => 1_700_000_000_000), requests: recorded.requests };
}

describe('DexScreener adapter (recorded /tokens/v1 and /latest/dex/search)', () => {
  it('asks /tokens/v1/{chainId}/{addresses} and reads each token from its deepest pool', async () => {
    const { dex, requests } = source(json(fixture('dexscreener-tokens-v1-solana.json')));
    const quotes = await dex.quoteTokens('solana', [SOL, BONK, WIF, JUP, USDC]);

    expect(requests[0]!.url).toBe(`https://api.dexscreener.com/tokens/v1/solana/${[SOL, BONK, WIF, JUP, USDC].join(',')}`);
    const sol = quotes.find((q) => q.address === SOL)!;
    // Raydium holds $21M: its price, not the $30 Meteora pool's 171.90.
    expect(sol.priceUsd!.toString()).toBe('142.18');
    expect(sol.liquidityUsd!.toString()).toBe('29134457.09');
    expect(sol.volume24hUsd!.toString()).toBe('60215560.11');
    expect(sol.change1hPct!.toString()).toBe('-0.31');
    expect(sol.change24hPct!.toString()).toBe('-2.48');
    expect(sol.marketCapUsd!.toString()).toBe('68120043117');
    expect(sol.pairCreatedAt).toBe(1697029200000);
    expect(sol.asOf).toBe(1_700_000_000_000);
    expect(sol).toMatchObject({ source: 'dexscreener', chain: 'solana', symbol: 'SOL', name: 'Wrapped SOL' });
  });

  it('tolerates null liquidity and a null priceUsd: the priced pool gives the price', async () => {
    const { dex } = source(json(fixture('dexscreener-tokens-v1-solana.json')));
    const bonk = (await dex.quoteTokens('solana', [BONK])).find((q) => q.address === BONK)!;
    expect(bonk.priceUsd!.toString()).toBe('0.00001935');
    expect(bonk.liquidityUsd!.toString()).toBe('412004.5');
    expect(bonk.change1hPct!.toString()).toBe('0.82');
  });

  it('drops pairs with a NaN price or negative liquidity, and tokens that are only a quote side', async () => {
    const { dex } = source(json(fixture('dexscreener-tokens-v1-solana.json')));
    const quotes = await dex.quoteTokens('solana', [SOL, BONK, WIF, JUP, USDC]);
    expect(quotes.map((q) => q.address).sort()).toEqual([BONK, SOL].sort());
  });

  it('search: keeps tracked chains, lower-cases EVM addresses, ignores chains we do not track', async () => {
    const { dex, requests } = source(json(fixture('dexscreener-search.json')));
    const refs = await dex.search('PEPE/WETH');
    expect(requests[0]!.url).toBe('https://api.dexscreener.com/latest/dex/search?q=PEPE%2FWETH');
    expect(refs).toEqual([
      { chain: 'ethereum', address: '0x6982508145454ce325ddbe47a25d4ec3d2311933' },
      { chain: 'polygon', address: '0x8f3cf7ad23cd3cadbd9735aff958023239c6a063' },
    ]);
  });

  it('search with no pairs (pairs: null) answers no tokens', async () => {
    const { dex } = source(json('{"schemaVersion":"1.0.0","pairs":null}'));
    expect(await dex.search('nothing-like-this')).toEqual([]);
  });

  it('429 surfaces as an upstream error carrying Retry-After', async () => {
    const { dex } = source(json('{"error":"rate limited"}', 429, { 'retry-after': '7' }));
    const error = await dex.quoteTokens('solana', [SOL]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamHttpError);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 7000 });
  });

  it('a body that is not JSON, or not an array, is a malformed answer', async () => {
    const { dex } = source(json('<html>Bad gateway</html>'), json('{"pairs":[]}'));
    await expect(dex.quoteTokens('solana', [SOL])).rejects.toBeInstanceOf(UpstreamMalformedError);
    await expect(dex.quoteTokens('solana', [SOL])).rejects.toBeInstanceOf(UpstreamMalformedError);
  });

  it('refuses more than 30 addresses per request (the upstream limit)', async () => {
    const { dex } = source();
    await expect(dex.quoteTokens('solana', Array.from({ length: 31 }, () => SOL))).rejects.toThrow(RangeError);
  });
});
