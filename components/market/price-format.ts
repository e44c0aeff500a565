const SUBSCRIPT_DIGITS = '₀₁₂₃₄₅₆₇₈₉';
const grouped = new Map<number, Intl.NumberFormat>();

function formatter(decimals: number): Intl.NumberFormat {
  let f = grouped.get(decimals);
  if (!f) grouped.set(decimals, (f = new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals })));
  return f;
}

/**
 * A price as a trader reads it, in the asset's own precision: `97,250.00` for BTC, `0.38120` for DOGE. Prices
 * under 0.001 put their run of leading zeros in a subscript and keep four significant digits —
 * `0.0₄1924` for PEPE at 0.00001924 — so a sub-cent token's axis labels stay short and distinct.
 */
export function formatPrice(value: number | string, precision: number): string {
  const v = typeof value === 'string' ? Number(value) : value;
  if (!Number.isFinite(v)) return '—';
  const abs = Math.abs(v);
  if (abs === 0 || abs >= 0.001) return formatter(Math.min(Math.max(precision, 0), 20)).format(v);
  let zeros = -Math.floor(Math.log10(abs)) - 1; // 0.00001924 → 4 zeros after the point
  let digits = Math.round(abs * 10 ** (zeros + 4));
  if (digits >= 10_000) {
    // Rounded up to the next power of ten (0.0000099996 → 0.00001000).
    zeros -= 1;
    digits = Math.round(digits / 10);
  }
  const significant = String(digits).replace(/0+$/, '');
  const subscript = String(zeros)
    .split('')
    .map((d) => SUBSCRIPT_DIGITS[Number(d)])
    .join('');
  return `${v < 0 ? '-' : ''}0.0${subscript}${significant || '0'}`;
}

/** The smallest price step the chart's scale moves by: one unit of the asset's last quoted decimal. */
export function priceStep(precision: number): number {
  return 10 ** -Math.min(Math.max(precision, 0), 15);
}
