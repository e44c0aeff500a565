import Decimal from 'decimal.js';
import type { TokenView } from '@/contracts/tokens';
import { tokenKey } from './chains';
import type { SourceName, TokenQuote } from './types';

/** Pools thinner than this cannot set a price: a few dollars would move them anywhere. */
export const MIN_PRICING_LIQUIDITY_USD = new Decimal(1_000);

export interface MergeOptions {
  now: number;
  refreshMs: number;
  minLiquidityUsd?: Decimal;
}

type Field = keyof TokenView['fieldSources'];

/**
 * Liquidity-weighted (lower) median: sort by price, walk until half the total liquidity is covered. It is
 * always one source's actual price, so the price can name its source; a source holding more than half the
 * liquidity decides alone, and a thin outlier cannot pull it the way a mean would.
 */
function weightedMedian(quotes: readonly TokenQuote[]): TokenQuote {
  const sorted = [...quotes].sort((a, b) => a.priceUsd!.comparedTo(b.priceUsd!));
  const half = Decimal.sum(...sorted.map((q) => q.liquidityUsd!)).div(2);
  let covered = new Decimal(0);
  for (const quote of sorted) {
    covered = covered.plus(quote.liquidityUsd!);
    if (covered.gte(half)) return quote;
  }
  return sorted[sorted.length - 1]!;
}

const plain = (d: Decimal | null) => (d === null ? null : d.toFixed());
const byLiquidityDesc = (a: TokenQuote, b: TokenQuote) =>
  (b.liquidityUsd ?? new Decimal(-1)).comparedTo(a.liquidityUsd ?? new Decimal(-1));

/** One token from every source's last-good quote for it (all quotes share chain and address). */
export function mergeToken(quotes: readonly TokenQuote[], opts: MergeOptions): TokenView {
  const minLiquidity = opts.minLiquidityUsd ?? MIN_PRICING_LIQUIDITY_USD;
  const isStale = (q: TokenQuote) => opts.now - q.asOf > 2 * opts.refreshMs;
  const fresh = quotes.filter((q) => !isStale(q));
  // Last-good data is served when nothing fresh is left; fresh data wins when there is some.
  const usable = fresh.length > 0 ? fresh : [...quotes];
  const deepestFirst = usable.sort(byLiquidityDesc);

  const pricing = deepestFirst.filter((q) => q.priceUsd !== null && q.liquidityUsd !== null && q.liquidityUsd.gte(minLiquidity));
  const priced = pricing.length > 0 ? weightedMedian(pricing) : null;

  const fieldSources = { priceUsd: priced?.source ?? null } as Record<Field, SourceName | null>;
  /** A figure from the deepest source that has it. */
  const fromDeepest = <T>(field: Field, pick: (q: TokenQuote) => T | null): T | null => {
    const quote = deepestFirst.find((q) => pick(q) !== null);
    fieldSources[field] = quote?.source ?? null;
    return quote ? pick(quote) : null;
  };
  const liquidity = fromDeepest('liquidityUsd', (q) => q.liquidityUsd);
  const volume = fromDeepest('volume24h', (q) => q.volume24hUsd);
  const change1h = fromDeepest('change1h', (q) => q.change1hPct);
  const change24h = fromDeepest('change24h', (q) => q.change24hPct);
  const marketCap = fromDeepest('marketCap', (q) => q.marketCapUsd);
  const fdv = fromDeepest('fdv', (q) => q.fdvUsd);
  const createdAt = fromDeepest('pairCreatedAt', (q) => q.pairCreatedAt);
  const newest = Math.max(...quotes.map((q) => q.asOf));
  const first = quotes[0]!;

  return {
    chain: first.chain,
    address: first.address,
    symbol: deepestFirst.find((q) => q.symbol)?.symbol ?? quotes.find((q) => q.symbol)?.symbol ?? null,
    name: deepestFirst.find((q) => q.name)?.name ?? quotes.find((q) => q.name)?.name ?? null,
    priceUsd: plain(priced?.priceUsd ?? null),
    liquidityUsd: plain(liquidity),
    volume24h: plain(volume),
    change1h: plain(change1h),
    change24h: plain(change24h),
    marketCap: plain(marketCap),
    fdv: plain(fdv),
    pairCreatedAt: createdAt === null ? null : new Date(createdAt).toISOString(),
    fieldSources,
    sources: quotes.map((q) => ({
      name: q.source,
      priceUsd: plain(q.priceUsd),
      liquidityUsd: plain(q.liquidityUsd),
      asOf: new Date(q.asOf).toISOString(),
      stale: isStale(q),
    })),
    stale: fresh.length === 0,
    ageMs: Math.max(0, opts.now - newest),
  };
}

/** Every token, keyed by (canonical chain, address): the same address on two chains is two tokens. */
export function mergeQuotes(quotes: readonly TokenQuote[], opts: MergeOptions): TokenView[] {
  const groups = new Map<string, TokenQuote[]>();
  for (const quote of quotes) {
    const key = tokenKey(quote.chain, quote.address);
    const group = groups.get(key);
    if (group) group.push(quote);
    else groups.set(key, [quote]);
  }
  return [...groups.values()].map((group) => mergeToken(group, opts));
}
