/** The single row a `returning()` on a keyed write must give back. */
export function oneRow<T>(rows: T[]): T {
  const row = rows[0];
  if (row === undefined) throw new Error('expected a row back from a keyed write');
  return row;
}
