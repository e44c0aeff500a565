import { describe, expect, it } from 'vitest';
import { createJupiterSource } from '@/server/services/tokens/sources/jupiter';
import { UpstreamMalformedError } from '@/server/services/tokens/sources/upstream-errors';
import { createPlainUpstream } from '@/server/services/tokens/sources/upstream-http';
import { fixture, json, recordedFetch } from './recorded-upstream';

const SOL = 'So11111111111111111111111111111111111111112';
const BONK = 'DezXAZ8z7PnrnRJjz3wXBoRgixCa6xjnB7YaB1pPB263';
const WIF = 'EKpQGSJtjMFqKZ9KQanSqYXRcF8fBopzLHYxdM65zcjm';
const JUP = 'JUPyiwrYJFskUPiHa7hkeR8VUtAeFoSYbKedZNsDvCN';

function source(headers: Record<string, string>, ...responses: (() => Response)[]) {
  const recorded = recordedFetch(...responses);
  const client = createPlainUpstream({ source: 'jupiter', baseUrl: 'https://api.jup.ag', headers, fetch: recorded.fetch });
  return { jupiter: createJupiterSource(client, () => 7), requests: recorded.requests };
}

describe('Jupiter Price API v3 adapter (recorded answer)', () => {
  it('asks /price/v3?ids= with the API key header when configured; numbers become exact decimals', async () => {
    const { jupiter, requests } = source({ 'x-api-key': 'k-123' }, json(fixture('jupiter-price-v3.json')));
    const quotes = await jupiter.quoteTokens('solana', [SOL, BONK, WIF, JUP]);

    expect(requests[0]!.url).toBe(`https://api.jup.ag/price/v3?ids=${[SOL, BONK, WIF, JUP].join(',')}`);
    expect(requests[0]!.headers.get('x-api-key')).toBe('k-123');
    const sol = quotes.find((q) => q.address === SOL)!;
    expect(sol.priceUsd!.toString()).toBe('142.21');
    expect(sol.liquidityUsd!.toString()).toBe('621679197.67');
    expect(sol.change24hPct!.toString()).toBe('-2.46');
    expect(sol).toMatchObject({ source: 'jupiter', chain: 'solana', asOf: 7 });
  });

  it('a missing mint (JUP) and a null entry (WIF) are simply not priced; a null change is unknown', async () => {
    const { jupiter } = source({}, json(fixture('jupiter-price-v3.json')));
    const quotes = await jupiter.quoteTokens('solana', [SOL, BONK, WIF, JUP]);
    expect(quotes.map((q) => q.address)).toEqual([SOL, BONK]);
    expect(quotes[1]!.change24hPct).toBeNull();
  });

  it('sends no key header when none is configured, and never asks about other chains', async () => {
    const { jupiter, requests } = source({}, json('{}'));
    expect(await jupiter.quoteTokens('ethereum', ['0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2'])).toEqual([]);
    expect(requests).toHaveLength(0);
    await jupiter.quoteTokens('solana', [SOL]);
    expect(requests[0]!.headers.has('x-api-key')).toBe(false);
  });

  it('429 with Retry-After, and an array or HTML body, are upstream errors', async () => {
    const { jupiter } = source({}, json('Too Many Requests', 429, { 'retry-after': '2' }), json('[]'), json('<html/>'));
    await expect(jupiter.quoteTokens('solana', [SOL])).rejects.toMatchObject({ status: 429, retryAfterMs: 2000 });
    await expect(jupiter.quoteTokens('solana', [SOL])).rejects.toBeInstanceOf(UpstreamMalformedError);
    await expect(jupiter.quoteTokens('solana', [SOL])).rejects.toBeInstanceOf(UpstreamMalformedError);
  });
});
