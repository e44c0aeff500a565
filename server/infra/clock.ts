/**
 * Milliseconds since the epoch. A port like the others, so tests move time (day-order expiry, halts,
 * breakers, cache TTLs) instead of sleeping through it.
 */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();
