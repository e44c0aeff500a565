import { neon, neonConfig } from '@neondatabase/serverless';
import { drizzle } from 'drizzle-orm/neon-http';
import { withReplicas } from 'drizzle-orm/pg-core';
import * as schema from '@/db/schema';
import type { Db } from './types';

/**
 * Neon's HTTP driver for the edge endpoint: one fetch per query, nothing held open, fetch-only. It has
 * no interactive transactions, which is why only the read-mostly edge routers use it; the Node endpoint
 * migrates and writes through the Pool.
 */
export function openNeonHttp(url: string, opts: { replicaUrls?: string[]; timeoutMs?: number } = {}): Db {
  neonConfig.fetchFunction = fetchWithTimeout(opts.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS);
  const [primary, ...replicas] = [url, ...(opts.replicaUrls ?? [])].map((u) => drizzle({ client: neon(u), schema }));
  const db = replicas.length > 0 ? withReplicas(primary!, replicas as [typeof primary & {}]) : primary!;
  return db as unknown as Db;
}

/** How long one HTTP query may take before it fails as a dependency failure (503), not hangs the request. */
export const DEFAULT_HTTP_TIMEOUT_MS = 10_000;

/**
 * fetch with a deadline: an unreachable or hanging endpoint rejects with a TimeoutError (which Neon wraps
 * as "Error connecting to database", classified as the database being unavailable) instead of waiting
 * for the platform's own limit. A signal the driver passes is kept.
 */
export function fetchWithTimeout(ms: number): typeof fetch {
  return (input, init) => {
    const timeout = AbortSignal.timeout(ms);
    // AbortSignal.any is missing from older edge sandboxes: the deadline alone then.
    const signal = init?.signal && typeof AbortSignal.any === 'function' ? AbortSignal.any([init.signal, timeout]) : timeout;
    return fetch(input, { ...init, signal });
  };
}
