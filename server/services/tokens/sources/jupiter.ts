import { z } from 'zod';
import type { Chain } from '../chains';
import type { TokenQuote } from '../types';
import { UpstreamMalformedError } from './upstream-errors';
import type { UpstreamClient } from './upstream-http';
import { upstreamAmount, upstreamChange } from './upstream-values';

/** `GET /price/v3?ids=` takes at most 50 mints. */
export const JUPITER_BATCH = 50;
/** Jupiter's keyless/basic tier. */
export const JUPITER_LIMIT_PER_MINUTE = 60;

/** One mint's entry in Price API v3: plain JSON numbers. */
const priceEntry = z.object({
  usdPrice: upstreamAmount,
  liquidity: upstreamAmount,
  priceChange24h: upstreamChange,
});

/** The answer is an object keyed by mint; a mint Jupiter cannot price is absent (or null). */
const priceBody = z.record(z.string(), z.unknown());

/** Jupiter prices Solana mints only. */
export function createJupiterSource(client: UpstreamClient, now: () => number = Date.now) {
  return {
    name: 'jupiter' as const,
    batchSize: JUPITER_BATCH,
    chains: ['solana'] as readonly Chain[],
    async quoteTokens(chain: Chain, mints: readonly string[]): Promise<TokenQuote[]> {
      if (chain !== 'solana' || mints.length === 0) return [];
      if (mints.length > JUPITER_BATCH) throw new RangeError(`at most ${JUPITER_BATCH} mints`);
      const raw = await client.getJson(`/price/v3?ids=${mints.map(encodeURIComponent).join(',')}`);
      const body = priceBody.safeParse(raw);
      if (!body.success || Array.isArray(raw)) throw new UpstreamMalformedError('jupiter', 'expected an object keyed by mint');
      const asOf = now();
      const quotes: TokenQuote[] = [];
      for (const mint of mints) {
        const entry = priceEntry.safeParse(body.data[mint]);
        if (!entry.success) continue;
        const e = entry.data;
        quotes.push({
          source: 'jupiter',
          chain,
          address: mint,
          symbol: null,
          name: null,
          priceUsd: e.usdPrice,
          liquidityUsd: e.liquidity,
          volume24hUsd: null,
          change1hPct: null,
          change24hPct: e.priceChange24h,
          marketCapUsd: null,
          fdvUsd: null,
          pairCreatedAt: null,
          asOf,
        });
      }
      return quotes;
    },
  };
}
export type JupiterSource = ReturnType<typeof createJupiterSource>;
