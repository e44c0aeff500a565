import { Redis, type Requester } from '@upstash/redis';
import { CircuitBreaker, type BreakerOptions } from '../breaker';
import { consoleLog, type Log } from '../log';

/** How long any one Redis round trip may take before the caller's stated failure mode applies. */
export const REDIS_TIMEOUT_MS = 1_000;

export interface UpstashOptions {
  url: string;
  token: string;
  /** Prepended to every key, so several deployments (or test runs) can share one database. */
  prefix?: string;
  timeoutMs?: number;
  /** The circuit breaker in front of every command (defaults: see DEFAULT_BREAKER); false for none. */
  breaker?: false | Pick<BreakerOptions, 'failureThreshold' | 'openMs' | 'clock'>;
  log?: Log;
}

const breakers = new WeakMap<Redis, CircuitBreaker>();

/** The circuit breaker of a client made by createUpstashClient (tests and readiness look at its state). */
export const circuitOf = (redis: Redis): CircuitBreaker | undefined => breakers.get(redis);

/**
 * A fetch-only Redis client (runs on Node and on the edge). Values are raw strings: the adapters own
 * their encoding. No back-off retries (`retry: false`: the HTTP client still makes one immediate second
 * attempt after a network error, within the same timeout) — a slow or failing Redis gets the adapter's
 * failure mode at once. Every command passes one circuit breaker (cache, bus and rate limits share this
 * Redis): after a few failures in a row commands fail at once, without waiting `timeoutMs` each, until a
 * background PING finds Redis back.
 */
export function createUpstashClient(opts: UpstashOptions): Redis {
  const timeoutMs = opts.timeoutMs ?? REDIS_TIMEOUT_MS;
  const redis = new Redis({
    url: opts.url,
    token: opts.token,
    automaticDeserialization: false,
    enableTelemetry: false,
    retry: false,
    signal: () => AbortSignal.timeout(timeoutMs),
  });
  if (opts.breaker === false) return redis;
  // Every command, pipeline and script of the client goes through its one requester.
  const inner = redis as unknown as { client: Requester };
  const requester = inner.client;
  const breaker = new CircuitBreaker({
    name: 'redis',
    ...opts.breaker,
    log: opts.log,
    probe: () => requester.request({ body: ['ping'] }),
  });
  inner.client = Object.create(requester, {
    request: { value: (req: Parameters<Requester['request']>[0]) => breaker.run(() => requester.request(req)) },
  }) as Requester;
  breakers.set(redis, breaker);
  return redis;
}

/** One warning per failing operation per minute, so an outage is visible without flooding the log. */
export function warnThrottled(what: string, error: unknown, log: Log = consoleLog): void {
  const now = Date.now();
  if ((lastWarned.get(what) ?? 0) > now - 60_000) return;
  lastWarned.set(what, now);
  log.warn({ err: error }, `redis ${what} failed; applying its failure mode`);
}

const lastWarned = new Map<string, number>();
