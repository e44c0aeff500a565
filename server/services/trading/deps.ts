import type { Clock } from '@/server/infra/clock';
import type { Infra } from '@/server/infra/infra';

export { systemClock, type Clock } from '@/server/infra/clock';

/** What trading services need from the outside world. */
export interface TradingDeps extends Pick<Infra, 'db' | 'cache' | 'bus'> {
  clock: Clock;
}
