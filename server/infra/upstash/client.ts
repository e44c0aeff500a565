import { Redis } from '@upstash/redis';
import { consoleLog, type Log } from '../log';

/** How long any one Redis round trip may take before the caller's stated failure mode applies. */
export const REDIS_TIMEOUT_MS = 1_000;

export interface UpstashOptions {
  url: string;
  token: string;
  /** Prepended to every key, so several deployments (or test runs) can share one database. */
  prefix?: string;
  timeoutMs?: number;
}

/**
 * A fetch-only Redis client (runs on Node and on the edge). Values are raw strings: the adapters own
 * their encoding. No client-side retries — a slow or failing Redis gets the adapter's failure mode at
 * once instead of five back-offs later.
 */
export function createUpstashClient(opts: UpstashOptions): Redis {
  const timeoutMs = opts.timeoutMs ?? REDIS_TIMEOUT_MS;
  return new Redis({
    url: opts.url,
    token: opts.token,
    automaticDeserialization: false,
    enableTelemetry: false,
    retry: false,
    signal: () => AbortSignal.timeout(timeoutMs),
  });
}

/** One warning per failing operation per minute, so an outage is visible without flooding the log. */
export function warnThrottled(what: string, error: unknown, log: Log = consoleLog): void {
  const now = Date.now();
  if ((lastWarned.get(what) ?? 0) > now - 60_000) return;
  lastWarned.set(what, now);
  log.warn({ err: error }, `redis ${what} failed; applying its failure mode`);
}

const lastWarned = new Map<string, number>();
