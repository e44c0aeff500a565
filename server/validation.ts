/**
 * Text Postgres refuses no matter the column (a NUL character), checked at the door so it comes back as a
 * 400 with the field that held it instead of failing inside a statement. The date range is a contract:
 * contracts/common.ts `isStorableDate`.
 */

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
