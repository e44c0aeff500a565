/**
 * The cache port. Values are JSON: what goes in comes back as JSON would bring it back (Dates become
 * strings), on every adapter. Every method is async so a network adapter fits the same shape.
 */
export interface Cache {
  /**
   * The stored value, or null. When the cache cannot answer (a network adapter timing out), null too —
   * serve without cache — unless `orThrow`: for lookups where a wrong "not there" would let someone in
   * (revoked sessions), so auth fails closed instead.
   */
  get<T>(key: string, opts?: { orThrow?: boolean }): Promise<T | null>;
  /** Several values in one round trip (one MGET on Redis), in key order, null where missing; degrades like `get`. */
  getMany<T>(keys: readonly string[]): Promise<(T | null)[]>;
  set(key: string, value: unknown, opts?: { ttlMs?: number }): Promise<void>;
  del(...keys: string[]): Promise<void>;
  /** Deletes every key that starts with `prefix`; returns how many went. */
  delPrefix(prefix: string): Promise<number>;
  /** Atomic counter; the TTL is set when the counter is created. */
  incr(key: string, opts?: { ttlMs?: number }): Promise<number>;
}

export interface CacheStats {
  hits: number;
  misses: number;
}
