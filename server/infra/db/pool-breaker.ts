import { isDependencyFailure } from '@/server/dependency-errors';
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
    connect: (...args: unknown[]) =>
      hasCallback(args) ? connect(...args) : breaker.run(() => connect(...args)).then((client) => releaseOnFailedBegin(client as CheckedOut)),
  });
  return breaker;
}

interface CheckedOut {
  release: (error?: Error | boolean) => void;
  query: (...args: unknown[]) => unknown;
}

const watched = new WeakSet<object>();

/**
 * Drizzle's pool transaction sends `begin` before its try/finally: when the connection dies there, the
 * client is never released and its pool slot is lost for good. A minute of a flapping link used to leak
 * every slot this way (then nothing, not even the breaker's probe, could get a connection again). So a
 * `begin` that meets a dependency failure releases its client here, with the error (the pool discards it);
 * releasing is made idempotent per checkout, so a caller that does release it too is harmless.
 */
function releaseOnFailedBegin(client: CheckedOut): CheckedOut {
  const release = client.release;
  let released = false;
  client.release = (error?: Error | boolean) => {
    if (released) return;
    released = true;
    release.call(client, error);
  };
  if (!watched.has(client)) {
    watched.add(client);
    const query = client.query;
    client.query = function (this: unknown, ...args: unknown[]) {
      const result = query.apply(client, args);
      const first = args[0] as string | { text?: unknown } | undefined;
      const text = typeof first === 'string' ? first : typeof first?.text === 'string' ? first.text : '';
      if (/^\s*begin\b/i.test(text) && result instanceof Promise) {
        result.catch((error: unknown) => {
          if (isDependencyFailure(error)) client.release(error instanceof Error ? error : new Error(String(error)));
        });
      }
      return result;
    };
  }
  return client;
}
