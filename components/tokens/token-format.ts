import { formatPrice } from '@/components/market/price-format';

const compactUsdFormat = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', notation: 'compact', maximumFractionDigits: 2 });

/** `$1.12B`, `$40K`; `—` when no source knows the figure. */
export const compactUsd = (value: string | null) => (value === null ? '—' : compactUsdFormat.format(Number(value)));

/**
 * A token price: cents for dollars and up, more digits below, and the subscript form (`0.0₄1935`) for
 * meme-coin prices under a tenth of a cent.
 */
export function tokenPrice(value: string | null): string {
  if (value === null) return '—';
  const v = Math.abs(Number(value));
  return `$${formatPrice(value, v >= 1_000 ? 2 : v >= 1 ? 4 : 6)}`;
}

/** `45 s`, `3 min`, `2 h`, `4 d`. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3_600) return `${Math.floor(s / 60)} min`;
  if (s < 86_400) return `${Math.floor(s / 3_600)} h`;
  return `${Math.floor(s / 86_400)} d`;
}

/** How long the token's deepest pool has existed, as of its newest quote (so server and browser agree). */
export function poolAge(t: { pairCreatedAt: string | null; sources: { asOf: string }[] }): string {
  if (t.pairCreatedAt === null || t.sources.length === 0) return '—';
  return formatAge(Math.max(...t.sources.map((s) => Date.parse(s.asOf))) - Date.parse(t.pairCreatedAt));
}

/** A decimal percent string as a number for the shared `signedPct`/`pctClass`. */
export const pctOf = (value: string | null) => (value === null ? null : Number(value));

export const SOURCE_LABELS = { dexscreener: 'DexScreener', geckoterminal: 'GeckoTerminal', jupiter: 'Jupiter' } as const;

/** Where a token lives in the explorer. */
export const tokenHref = (t: { chain: string; address: string }) => `/tokens/${t.chain}/${encodeURIComponent(t.address)}`;
