/**
 * Values Postgres refuses no matter the column, checked at the door so they come back as a 400 with the
 * field that held them instead of failing inside a statement: text cannot hold a NUL character, and a
 * timestamp's year must be 1 to 9999 (JavaScript prints years past that with a sign Postgres cannot read).
 */

export const EARLIEST_MS = Date.parse('0001-01-01T00:00:00.000Z');
export const LATEST_MS = Date.parse('9999-12-31T23:59:59.999Z');

export const DATE_RANGE_MESSAGE = 'Dates must fall in the years 1 to 9999';

/** A date Postgres can store (and JavaScript can print as a plain four-digit year). */
export function isStorableDate(date: Date): boolean {
  const ms = date.getTime();
  return ms >= EARLIEST_MS && ms <= LATEST_MS;
}

/** The path of the first string holding a NUL character in a parsed input (JSON-like), or null. */
export function findNul(value: unknown, path: (string | number)[] = []): (string | number)[] | null {
  if (typeof value === 'string') return value.includes('\0') ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNul(value[i], [...path, i]);
      if (found) return found;
    }
    return null;
  }
  if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      const found = findNul(key, [...path, key]) ?? findNul(item, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

/** Objects parsed from JSON or superjson; Dates, typed arrays and files are values, not containers. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
