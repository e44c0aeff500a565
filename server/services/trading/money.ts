import { Decimal as BaseDecimal } from 'decimal.js';

/**
 * The ledger's decimal type. 60 significant digits is far beyond any balance × price we hold
 * (≤ 15 integer + 16 fractional digits), so sums and products are exact; only the divisions we choose
 * (average entry, basis removed on a sell) round, and those are rounded explicitly.
 */
export const Money = BaseDecimal.clone({ precision: 60, rounding: BaseDecimal.ROUND_HALF_EVEN, toExpNeg: -60, toExpPos: 60 });
export type Money = InstanceType<typeof Money>;

export const ZERO = new Money(0);

export function money(value: string | number | Money): Money {
  return new Money(value);
}

/** Canonical string for `numeric` columns and API output: plain notation, no trailing zeros. */
export function str(value: Money): string {
  return value.toFixed();
}

/** Rounds `value` to `dp` decimal places towards the given side (used to keep the model adverse to the trader). */
export function roundTo(value: Money, dp: number, mode: 'up' | 'down' | 'half-even' = 'half-even'): Money {
  const rounding =
    mode === 'up' ? BaseDecimal.ROUND_CEIL : mode === 'down' ? BaseDecimal.ROUND_FLOOR : BaseDecimal.ROUND_HALF_EVEN;
  return value.toDecimalPlaces(dp, rounding);
}

/** An amount for people: cents, thousands grouped, the currency after (`486,371,850.00 USD`). */
export function usdText(value: Money): string {
  const [whole = '0', cents] = value.toFixed(2).split('.');
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents} USD`;
}

export function minMoney(a: Money, b: Money): Money {
  return a.lessThan(b) ? a : b;
}
