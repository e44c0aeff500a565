import type { Log } from '../log';
import { CircuitBreaker, type BreakerOptions } from '../breaker';

/** What the breaker wraps of a node-postgres-compatible pool (pg's and Neon's `Pool`). */
interface PoolLike {
  query: (...args: never[]) => unknown;
  connect: (...args: never[]) => unknown;
}

export type PoolBreakerOptions = Pick<BreakerOptions, 'failureThreshold' | 'openMs' | 'clock'> & { log?: Log };

/**
 * Puts a circuit breaker in front of a pool: `query` and `connect` (what Drizzle calls: a statement, or a
 * client for a transaction) fail at once while Postgres is known to be down, instead of each waiting for
 * a connection timeout; a background `select 1` notices recovery. The callback forms (the pool's own
 * internals) pass unguarded. Statements on a client already checked out are not wrapped: their failures
 * end that transaction as they would anyway.
 */
export function guardPool<P extends PoolLike>(pool: P, opts: PoolBreakerOptions = {}): CircuitBreaker {
  const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
  const connect = pool.connect.bind(pool) as (...args: unknown[]) => Promise<unknown>;
  const breaker = new CircuitBreaker({ name: 'database', ...opts, probe: () => query('select 1') });
  const hasCallback = (args: unknown[]) => typeof args[args.length - 1] === 'function';
  Object.assign(pool, {
    query: (...args: unknown[]) => (hasCallback(args) ? query(...args) : breaker.run(() => query(...args))),
    connect: (...args: unknown[]) => (hasCallback(args) ? connect(...args) : breaker.run(() => connect(...args))),
  });
  return breaker;
}
