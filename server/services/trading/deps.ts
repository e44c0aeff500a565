import type { Infra } from '@/server/infra/infra';

/** Milliseconds since the epoch; injected so tests can move time (day-order expiry, halts, breakers). */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

/** What trading services need from the outside world. */
export interface TradingDeps extends Pick<Infra, 'db' | 'cache' | 'bus'> {
  clock: Clock;
}
