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
