import { describe, expect, it } from 'vitest';
import { createGeckoTerminalSource, GECKOTERMINAL_ACCEPT } from '@/server/services/tokens/sources/geckoterminal';
import { UpstreamHttpError, UpstreamMalformedError } from '@/server/services/tokens/sources/upstream-errors';
import { createPlainUpstream } from '@/server/services/tokens/sources/upstream-http';
import { fixture, json, recordedFetch } from './recorded-upstream';

const WETH = '0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2';
const PEPE = '0x6982508145454ce325ddbe47a25d4ec3d2311933';
const UNI = '0x1f9840a85d5af5bf1d1762f925bdaddc4201f984';
const LINK = '0x514910771af9ca656af840dff83e8264ecf986ca';

function source(...responses: (() => Response)[]) {
  const recorded = recordedFetch(...responses);
  const client = createPlainUpstream({
    source: 'geckoterminal',
    baseUrl: 'https://api.geckoterminal.com/api/v2',
    headers: { accept: GECKOTERMINAL_ACCEPT },
    fetch: recorded.fetch,
  });
  return { gecko: createGeckoTerminalSource(client, () => 42), requests: recorded.requests };
}

describe('GeckoTerminal adapter (recorded JSON:API documents)', () => {
  it('asks /networks/eth/tokens/multi/{addresses} with the versioned Accept header and parses string decimals', async () => {
    const { gecko, requests } = source(json(fixture('geckoterminal-tokens-multi-eth.json')));
    const quotes = await gecko.quoteTokens('ethereum', [WETH, PEPE, UNI, LINK]);

    expect(requests[0]!.url).toBe(`https://api.geckoterminal.com/api/v2/networks/eth/tokens/multi/${[WETH, PEPE, UNI, LINK].join(',')}`);
    expect(requests[0]!.headers.get('accept')).toBe('application/json;version=20230302');
    const weth = quotes.find((q) => q.address === WETH)!;
    // Exact: the 13 decimals the upstream sent, not a float's rounding of them.
    expect(weth.priceUsd!.toString()).toBe('3412.5512302114');
    expect(weth.liquidityUsd!.toString()).toBe('841220331.1102334519');
    expect(weth.volume24hUsd!.toString()).toBe('1120331221.210221');
    expect(weth).toMatchObject({ source: 'geckoterminal', chain: 'ethereum', symbol: 'WETH', asOf: 42 });
  });

  it('keeps tokens with null fields (unknown, not zero) and drops one with a negative price', async () => {
    const { gecko } = source(json(fixture('geckoterminal-tokens-multi-eth.json')));
    const quotes = await gecko.quoteTokens('ethereum', [WETH, PEPE, UNI, LINK]);
    expect(quotes.map((q) => q.address)).toEqual([WETH, PEPE, UNI]);
    const uni = quotes.find((q) => q.address === UNI)!;
    expect([uni.priceUsd, uni.liquidityUsd, uni.volume24hUsd, uni.marketCapUsd]).toEqual([null, null, null, null]);
    expect(quotes.find((q) => q.address === PEPE)!.marketCapUsd).toBeNull();
  });

  it('trending pools name their base tokens on tracked networks (polygon_pos is polygon; ton is not tracked)', async () => {
    const { gecko, requests } = source(json(fixture('geckoterminal-trending-pools.json')));
    const refs = await gecko.trendingTokens();
    expect(requests[0]!.url).toBe('https://api.geckoterminal.com/api/v2/networks/trending_pools');
    expect(refs).toEqual([
      { chain: 'solana', address: 'So11111111111111111111111111111111111111112' },
      { chain: 'polygon', address: '0x7ceb23fd6bc0add59e62ac25578270cff1b9f619' },
    ]);
  });

  it('429 carries Retry-After; 5xx and a JSON:API error document are upstream failures', async () => {
    const { gecko } = source(
      json('{"errors":[{"status":"429","title":"Rate Limited"}]}', 429, { 'retry-after': '60' }),
      json('{"errors":[{"status":"503","title":"Unavailable"}]}', 503),
      json('{"errors":[{"status":"404","title":"Not found"}]}'),
    );
    await expect(gecko.quoteTokens('ethereum', [WETH])).rejects.toMatchObject({ status: 429, retryAfterMs: 60_000 });
    await expect(gecko.quoteTokens('ethereum', [WETH])).rejects.toBeInstanceOf(UpstreamHttpError);
    await expect(gecko.quoteTokens('ethereum', [WETH])).rejects.toBeInstanceOf(UpstreamMalformedError);
  });

  it('a truncated body is a malformed answer', async () => {
    const { gecko } = source(json('{"data":[{"id":"eth_0xc0'));
    await expect(gecko.quoteTokens('ethereum', [WETH])).rejects.toBeInstanceOf(UpstreamMalformedError);
  });
});
