import Decimal from 'decimal.js';
import type { TokenView } from '@/contracts/tokens';
import type { TokenQuote } from './types';

/** What readers load from L2: the merged list as of one refresh cycle. */
export interface TokenSnapshot {
  builtAt: number;
  refreshMs: number;
  tokens: TokenView[];
}

/** A quote as JSON (decimals as strings) for the cache port. */
export type StoredQuote = Omit<TokenQuote, DecimalField> & Record<DecimalField, string | null>;
type DecimalField = 'priceUsd' | 'liquidityUsd' | 'volume24hUsd' | 'change1hPct' | 'change24hPct' | 'marketCapUsd' | 'fdvUsd';
const DECIMAL_FIELDS: DecimalField[] = ['priceUsd', 'liquidityUsd', 'volume24hUsd', 'change1hPct', 'change24hPct', 'marketCapUsd', 'fdvUsd'];

export function storeQuote(quote: TokenQuote): StoredQuote {
  const stored = { ...quote } as unknown as StoredQuote;
  for (const f of DECIMAL_FIELDS) stored[f] = quote[f]?.toFixed() ?? null;
  return stored;
}

export function reviveQuote(stored: StoredQuote): TokenQuote {
  const quote = { ...stored } as unknown as TokenQuote;
  for (const f of DECIMAL_FIELDS) quote[f] = stored[f] === null ? null : new Decimal(stored[f]);
  return quote;
}

/**
 * Staleness and age move with the clock, not with refreshes: recomputed whenever a token is served, so a
 * snapshot that stopped being refreshed (every source down, the worker gone) still says how old it is.
 */
export function ageToken(token: TokenView, now: number, refreshMs: number): TokenView {
  const sources = token.sources.map((s) => ({ ...s, stale: now - Date.parse(s.asOf) > 2 * refreshMs }));
  const newest = Math.max(...token.sources.map((s) => Date.parse(s.asOf)));
  return { ...token, sources, stale: sources.every((s) => s.stale), ageMs: Math.max(0, now - newest) };
}
