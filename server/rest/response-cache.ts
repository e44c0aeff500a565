import { LRUCache } from 'lru-cache';
import type { Clock } from '@/server/infra/clock';

/**
 * This process's copy of public REST answers, as the bytes that were sent: a warm repeat of an anonymous
 * GET is answered from here without calling the procedure again (no cache read, JSON parse, output check or
 * serialisation). Only answers that say a shared cache may keep them (`public, s-maxage`) are stored, and
 * only for what their own freshness has left (`s-maxage` less `Age`), so a copy here never outlives the
 * shared-cache entry it was made from. Bounded in entries and bytes; the least recently used go first.
 */
export interface ResponseCache {
  get(key: string): StoredResponse | null;
  put(key: string, response: { body: Uint8Array<ArrayBuffer>; headers: Headers }, freshForMs: number): void;
}

export interface StoredResponse {
  body: Uint8Array<ArrayBuffer>;
  /** The stored headers with `Age` brought up to now. */
  headers: Headers;
}

/** Headers kept with the body; everything per-request (request id, rate-limit figures) is not. */
const KEPT_HEADERS = ['content-type', 'cache-control'] as const;

interface Entry {
  body: Uint8Array<ArrayBuffer>;
  headers: [string, string][];
  /** When the answer was made (its Age counted back), and when it stops being fresh. */
  bornAt: number;
  expiresAt: number;
}

export function createResponseCache(opts: { maxEntries?: number; maxBytes?: number; clock?: Clock } = {}): ResponseCache {
  const now = opts.clock ?? Date.now;
  const lru = new LRUCache<string, Entry>({
    max: opts.maxEntries ?? 1_000,
    maxSize: opts.maxBytes ?? 16 * 1024 * 1024,
    sizeCalculation: (entry) => Math.max(1, entry.body.byteLength),
  });
  return {
    get(key) {
      const entry = lru.get(key);
      if (!entry) return null;
      const at = now();
      if (at >= entry.expiresAt) {
        lru.delete(key);
        return null;
      }
      const headers = new Headers(entry.headers);
      headers.set('age', String(Math.ceil((at - entry.bornAt) / 1000)));
      return { body: entry.body, headers };
    },
    put(key, { body, headers }, freshForMs) {
      if (!(freshForMs > 0)) return;
      const at = now();
      const age = Number(headers.get('age') ?? 0);
      const kept: [string, string][] = [];
      for (const name of KEPT_HEADERS) {
        const value = headers.get(name);
        if (value !== null) kept.push([name, value]);
      }
      lru.set(key, { body, headers: kept, bornAt: at - (Number.isFinite(age) ? age : 0) * 1000, expiresAt: at + freshForMs });
    },
  };
}

/**
 * The key of a GET: the operation's cache family (its first segment, counted in the cache metrics), the path
 * as sent and the query parameters in name order (`?a=1&b=2` and `?b=2&a=1` are one answer).
 */
export function responseCacheKey(family: string, path: string, search: URLSearchParams): string {
  const params = [...search].sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return `${family}:rest:${path}?${new URLSearchParams(params).toString()}`;
}
