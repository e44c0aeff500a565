import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { Chain } from '@/server/services/tokens/chains';
import { mergeQuotes, mergeToken } from '@/server/services/tokens/merge';
import type { SourceName, TokenQuote } from '@/server/services/tokens/types';

const NOW = Date.UTC(2026, 10, 29, 12);
const REFRESH = 30_000;
const ADDRESS = '0x532f27101965dd16442e59d40670faf5ebb142e4';

function quote(source: SourceName, price: string | null, liquidity: string | null, extra: Partial<TokenQuote> = {}): TokenQuote {
  return {
    source,
    chain: 'base' as Chain,
    address: ADDRESS,
    symbol: 'BRETT',
    name: 'Brett',
    priceUsd: price === null ? null : new Decimal(price),
    liquidityUsd: liquidity === null ? null : new Decimal(liquidity),
    volume24hUsd: null,
    change1hPct: null,
    change24hPct: null,
    marketCapUsd: null,
    fdvUsd: null,
    pairCreatedAt: null,
    asOf: NOW - 1_000,
    ...extra,
  };
}
const opts = { now: NOW, refreshMs: REFRESH };

describe('merge', () => {
  it('the same address on two chains stays two tokens', () => {
    const merged = mergeQuotes(
      [quote('dexscreener', '0.05', '9000000'), quote('dexscreener', '0.0004', '40000', { chain: 'arbitrum' }), quote('geckoterminal', '0.051', '8000000')],
      opts,
    );
    expect(merged.map((t) => [t.chain, t.address, t.priceUsd])).toEqual([
      ['base', ADDRESS, '0.05'],
      ['arbitrum', ADDRESS, '0.0004'],
    ]);
  });

  it('disagreeing prices give the liquidity-weighted median, naming its source', () => {
    // Sorted by price: 1.00 ($2M), 1.04 ($5M), 1.10 ($4M) — half of $11M is first covered at 1.04.
    const token = mergeToken(
      [quote('dexscreener', '1.10', '4000000'), quote('geckoterminal', '1.00', '2000000'), quote('jupiter', '1.04', '5000000')],
      opts,
    );
    expect(token.priceUsd).toBe('1.04');
    expect(token.fieldSources.priceUsd).toBe('jupiter');
    // The unweighted median would be the same here; move the weight and the answer follows the liquidity.
    const heavyLow = mergeToken(
      [quote('dexscreener', '1.10', '4000000'), quote('geckoterminal', '1.00', '9000000'), quote('jupiter', '1.04', '5000000')],
      opts,
    );
    expect(heavyLow.priceUsd).toBe('1');
    expect(heavyLow.fieldSources.priceUsd).toBe('geckoterminal');
  });

  it('a $30 pool cannot move the price, however far off it is', () => {
    const honest = mergeToken([quote('geckoterminal', '0.12', '2300000')], opts);
    const attacked = mergeToken([quote('geckoterminal', '0.12', '2300000'), quote('dexscreener', '900', '30')], opts);
    expect(attacked.priceUsd).toBe(honest.priceUsd);
    // It is still listed as what that source said.
    expect(attacked.sources.find((s) => s.name === 'dexscreener')!.priceUsd).toBe('900');
    // A token known only through a thin pool has no trustworthy price at all.
    expect(mergeToken([quote('dexscreener', '900', '30')], opts).priceUsd).toBeNull();
  });

  it('volume, liquidity and changes come from the deepest source that has them, each naming it', () => {
    const token = mergeToken(
      [
        quote('geckoterminal', '1', '9000000', { volume24hUsd: new Decimal('500'), change1hPct: null }),
        quote('dexscreener', '1', '7000000', { volume24hUsd: new Decimal('400'), change1hPct: new Decimal('-1.5'), change24hPct: new Decimal('3') }),
      ],
      opts,
    );
    expect(token).toMatchObject({ liquidityUsd: '9000000', volume24h: '500', change1h: '-1.5', change24h: '3' });
    expect(token.fieldSources).toMatchObject({ liquidityUsd: 'geckoterminal', volume24h: 'geckoterminal', change1h: 'dexscreener' });
  });

  it('a source older than two refresh periods is stale and gives way to fresh ones; all stale → token stale, still served', () => {
    const old = NOW - 2 * REFRESH - 1;
    const mixed = mergeToken([quote('dexscreener', '2', '9000000', { asOf: old }), quote('geckoterminal', '1', '1000000')], opts);
    expect(mixed.priceUsd).toBe('1');
    expect(mixed.stale).toBe(false);
    expect(mixed.sources.map((s) => [s.name, s.stale])).toEqual([
      ['dexscreener', true],
      ['geckoterminal', false],
    ]);

    const allOld = mergeToken([quote('dexscreener', '2', '9000000', { asOf: old })], opts);
    expect(allOld).toMatchObject({ priceUsd: '2', stale: true, ageMs: 2 * REFRESH + 1 });
  });

  it('decimals stay exact and in plain notation (no exponent, no float rounding)', () => {
    const token = mergeToken([quote('jupiter', '0.0000000193712345678901', '14120331.2')], opts);
    expect(token.priceUsd).toBe('0.0000000193712345678901');
  });
});
