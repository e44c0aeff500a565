/**
 * Crypto trades around the clock, so the "session" a day order lives in is the UTC calendar day: a day
 * order expires at the next 00:00 UTC after it was placed.
 */
export function sessionEnd(now: number): Date {
  const d = new Date(now);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1));
}
