const UNIQUE_VIOLATION = '23505';

/** True when a Postgres unique constraint refused the write (drivers wrap the error differently). */
export function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === UNIQUE_VIOLATION) return true;
  }
  return false;
}
