import type { Logger } from 'pino';
import type { Bus } from './bus/types';
import type { Cache } from './cache/types';
import type { Clock } from './clock';
import type { Db, DbHandle } from './db/types';
import type { RateLimiter } from './ratelimit/types';

/** Everything domain code may touch outside itself. The profile decides the adapters. */
export interface Infra {
  db: Db;
  dbDriver: DbHandle['driver'];
  cache: Cache;
  bus: Bus;
  ratelimit: RateLimiter;
  clock: Clock;
  logger: Logger;
  close(): Promise<void>;
}
