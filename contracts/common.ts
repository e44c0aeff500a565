import { z } from 'zod';

/**
 * The shared input/output vocabulary of the API. Client-safe: this folder imports zod and other contracts
 * only — never `server/`, `db/` or anything that touches Node — so tRPC routers, REST operations, OpenAPI
 * and client components all read the same schemas.
 */

/** A catalogue symbol as users type it: trimmed, upper-cased, 1–15 letters or digits. */
export const symbolSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{1,15}$/, 'Symbols are 1–15 letters or digits');

/**
 * Decimals cross the API as strings in plain notation ("0.015"): no sign, exponent, NaN or Infinity, and
 * never a JSON number (which would already have been rounded to binary floating point).
 */
export const positiveDecimal = z
  .string()
  .trim()
  .regex(/^\d{1,15}(\.\d{1,18})?$/, 'Use a plain decimal string such as "0.015"')
  .refine((v) => /[1-9]/.test(v), 'Must be greater than 0');

/** A decimal in an answer: a plain-notation string, possibly negative ("-12.5"). */
export const decimalString = z.string().regex(/^-?\d+(\.\d+)?$/, 'A plain decimal string');

/** An ISO 8601 timestamp in an answer. */
export const isoTimestamp = z.string().datetime({ offset: true });

/** Page position from the previous page's `nextCursor` (opaque), and a page size. */
export const pageInput = (defaultLimit = 50, maxLimit = 100) => ({
  cursor: z.string().max(512).nullish(),
  limit: z.number().int().min(1).max(maxLimit).default(defaultLimit),
});

/** Every list answers `{ data, nextCursor }`, on tRPC and REST alike. */
export const pageOf = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), nextCursor: z.string().nullable() });

export type Page<T> = { data: T[]; nextCursor: string | null };

/**
 * A point in time in an answer: a Date through tRPC (superjson carries it), an ISO 8601 string once REST
 * writes it as JSON — which is what the OpenAPI document says (server/rest/query.ts `restJsonSchema`).
 */
export const timestamp = z.date();

/** Epoch milliseconds in an answer. */
export const epochMs = z.number().int();

export const EARLIEST_MS = Date.parse('0001-01-01T00:00:00.000Z');
export const LATEST_MS = Date.parse('9999-12-31T23:59:59.999Z');

/** Postgres timestamps hold years 1 to 9999 (JavaScript prints later years with a sign Postgres cannot read). */
export const DATE_RANGE_MESSAGE = 'Dates must fall in the years 1 to 9999';

/** A date Postgres can store (and JavaScript can print as a plain four-digit year). */
export function isStorableDate(date: Date): boolean {
  const ms = date.getTime();
  return ms >= EARLIEST_MS && ms <= LATEST_MS;
}

/** A bus event id (`<ms>-<seq>`): where a live stream resumes after a reconnect (Last-Event-ID). */
export const eventIdSchema = z.string().regex(/^\d+-\d+$/, 'Not an event id');

/** A uuid path or body field, with the thing it names in the message ("Not a task id"). */
export const idOf = (thing: string) => z.uuid({ message: `Not a ${thing} id` });
