import { z } from 'zod';
import { CHAINS, canonicalAddress, geckoTerminalNetwork, type Chain } from '../chains';
import type { TokenQuote, TokenRef } from '../types';
import { UpstreamMalformedError } from './upstream-errors';
import type { UpstreamClient } from './upstream-http';
import { parseEach, upstreamAmount, upstreamText } from './upstream-values';

/** `GET /networks/{network}/tokens/multi/{addresses}` takes at most 30 addresses. */
export const GECKOTERMINAL_BATCH = 30;
/** GeckoTerminal's public API limit. */
export const GECKOTERMINAL_LIMIT_PER_MINUTE = 30;
/** Pins the response shape: GeckoTerminal versions its API through the Accept header. */
export const GECKOTERMINAL_ACCEPT = 'application/json;version=20230302';

/** A JSON:API token resource from `tokens/multi` (numbers as strings, any of them null). */
const tokenResource = z.object({
  id: z.string(),
  type: z.literal('token'),
  attributes: z.object({
    address: z.string().min(1),
    name: upstreamText,
    symbol: upstreamText,
    price_usd: upstreamAmount,
    fdv_usd: upstreamAmount,
    market_cap_usd: upstreamAmount,
    total_reserve_in_usd: upstreamAmount,
    volume_usd: z.object({ h24: upstreamAmount }).partial().nullish(),
  }),
});

/** A pool from `trending_pools`: only the base token's identity is needed (`{network}_{address}`). */
const poolResource = z.object({
  type: z.literal('pool'),
  relationships: z.object({ base_token: z.object({ data: z.object({ id: z.string() }) }) }),
});

const documentBody = z.object({ data: z.array(z.unknown()) });

/**
 * A GeckoTerminal resource id is `{network}_{address}`. Network ids may contain `_` (polygon_pos) and so may
 * some chains' addresses, so the id is matched against the networks we track rather than split.
 */
function refFromResourceId(id: string): TokenRef | null {
  for (const chain of CHAINS) {
    const prefix = `${geckoTerminalNetwork(chain)}_`;
    if (!id.startsWith(prefix)) continue;
    const address = canonicalAddress(chain, id.slice(prefix.length));
    return address ? { chain, address } : null;
  }
  return null;
}

export function createGeckoTerminalSource(client: UpstreamClient, now: () => number = Date.now) {
  const document = async (path: string) => {
    const body = documentBody.safeParse(await client.getJson(path));
    if (!body.success) throw new UpstreamMalformedError('geckoterminal', 'expected a JSON:API document with data[]');
    return body.data.data;
  };
  return {
    name: 'geckoterminal' as const,
    batchSize: GECKOTERMINAL_BATCH,
    /** Quotes for up to 30 tokens on one chain; addresses GeckoTerminal does not know are left out. */
    async quoteTokens(chain: Chain, addresses: readonly string[]): Promise<TokenQuote[]> {
      if (addresses.length === 0) return [];
      if (addresses.length > GECKOTERMINAL_BATCH) throw new RangeError(`at most ${GECKOTERMINAL_BATCH} addresses`);
      const path = `/networks/${geckoTerminalNetwork(chain)}/tokens/multi/${addresses.map(encodeURIComponent).join(',')}`;
      const asOf = now();
      const quotes: TokenQuote[] = [];
      for (const { attributes: a } of parseEach(tokenResource, await document(path)).parsed) {
        const address = canonicalAddress(chain, a.address);
        if (!address) continue;
        quotes.push({
          source: 'geckoterminal',
          chain,
          address,
          symbol: a.symbol,
          name: a.name,
          priceUsd: a.price_usd,
          liquidityUsd: a.total_reserve_in_usd,
          volume24hUsd: a.volume_usd?.h24 ?? null,
          // `tokens/multi` carries no price changes or pool age; DexScreener and Jupiter supply those.
          change1hPct: null,
          change24hPct: null,
          marketCapUsd: a.market_cap_usd,
          fdvUsd: a.fdv_usd,
          pairCreatedAt: null,
          asOf,
        });
      }
      return quotes;
    },
    /** Base tokens of the pools trending across all networks, on the chains we track (discovery). */
    async trendingTokens(): Promise<TokenRef[]> {
      const pools = parseEach(poolResource, await document('/networks/trending_pools')).parsed;
      return pools.map((p) => refFromResourceId(p.relationships.base_token.data.id)).filter((r) => r !== null);
    },
  };
}
export type GeckoTerminalSource = ReturnType<typeof createGeckoTerminalSource>;
