import type { TOKEN_SOURCE_NAMES } from '@/contracts/tokens';
import type Decimal from 'decimal.js';
import type { Chain } from './chains';

export type SourceName = (typeof TOKEN_SOURCE_NAMES)[number];

/** A token the aggregator follows: its identity only. */
export interface TokenRef {
  chain: Chain;
  /** Canonical form (see `canonicalAddress`). */
  address: string;
}

/**
 * What one source says about one token at one moment, already validated and in domain units: USD amounts
 * as decimals, changes in percent, `null` where the source does not know.
 */
export interface TokenQuote extends TokenRef {
  source: SourceName;
  symbol: string | null;
  name: string | null;
  priceUsd: Decimal | null;
  /** USD liquidity behind the price (the token's pools as that source counts them). */
  liquidityUsd: Decimal | null;
  volume24hUsd: Decimal | null;
  change1hPct: Decimal | null;
  change24hPct: Decimal | null;
  marketCapUsd: Decimal | null;
  fdvUsd: Decimal | null;
  /** Epoch ms the token's (deepest) pool was created, when the source says. */
  pairCreatedAt: number | null;
  /** Epoch ms the quote was received. */
  asOf: number;
}
