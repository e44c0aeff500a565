import { LRUCache } from 'lru-cache';
import type { RateLimiter } from './types';

interface Window {
  start: number;
  count: number;
  previous: number;
}

/**
 * In-process sliding window (two fixed windows, the previous one weighted by how much of it still
 * overlaps the sliding window) — the same algorithm @upstash/ratelimit's slidingWindow uses.
 */
export function createMemoryRateLimiter(opts: { maxKeys?: number; now?: () => number } = {}): RateLimiter {
  const windows = new LRUCache<string, Window>({ max: opts.maxKeys ?? 100_000 });
  const now = opts.now ?? Date.now;

  return {
    async limit(policy, identifier) {
      const t = now();
      const key = `${policy.name}:${identifier}`;
      const start = Math.floor(t / policy.windowMs) * policy.windowMs;
      let w = windows.get(key);
      if (!w || w.start < start - policy.windowMs) w = { start, count: 0, previous: 0 };
      else if (w.start < start) w = { start, count: 0, previous: w.count };

      const overlap = 1 - (t - start) / policy.windowMs;
      const used = Math.floor(w.previous * overlap) + w.count;
      const success = used < policy.limit;
      if (success) w.count++;
      windows.set(key, w);
      return {
        success,
        limit: policy.limit,
        remaining: Math.max(0, policy.limit - used - (success ? 1 : 0)),
        reset: start + policy.windowMs,
      };
    },
  };
}
