import { fieldErrorsFrom } from '@/components/forms/field-errors';

/**
 * Times shown in UTC, to the second: the server renders the first paint and the browser hydrates it, so a
 * format that depends on the viewer's time zone would differ between the two.
 */
export function utcDateTime(value: Date | string | number): string {
  return `${new Date(value).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export function signedPct(value: number | null): string {
  return value === null ? '—' : `${value >= 0 ? '+' : ''}${value.toFixed(2)}%`;
}

export function pctClass(value: number | null): string {
  return value === null ? 'text-zinc-500' : value >= 0 ? 'text-up' : 'text-down';
}

/** A tRPC error's message for people, with the first field error when the input was refused. */
export function errorMessage(error: { message: string; data?: unknown } | null): string | null {
  if (!error) return null;
  const first = Object.values(fieldErrorsFrom(error)).find((messages) => messages?.length)?.[0];
  return first ?? error.message;
}

const usdFormat = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

export const usd = (v: number) => usdFormat.format(v);

/** `+$12.50`, `−$62.00` (a real minus sign), `$0.00`. */
export const signedUsd = (v: number) => `${v > 0 ? '+' : v < 0 ? '−' : ''}${usdFormat.format(Math.abs(v))}`;

/**
 * A decimal string with thousands separators and its own decimals kept (`48692.54` → `48,692.54`,
 * `-24.315` → `−24.315`): quantities and prices are shown exactly as the ledger holds them.
 */
export function groupDecimal(value: string): string {
  const negative = value.startsWith('-');
  const [whole = '0', fraction] = (negative ? value.slice(1) : value).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '−' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}
