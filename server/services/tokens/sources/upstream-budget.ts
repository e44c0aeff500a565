import type { Cache } from '@/server/infra/cache/types';

/** A minute is cut into this many slots; each allows limit / (SLOTS + 1) requests. */
const SLOTS_PER_MINUTE = 5;
const SLOT_MS = 60_000 / SLOTS_PER_MINUTE;

export interface UpstreamBudget {
  readonly limitPerMinute: number;
  /**
   * Whether one more request may go to the upstream now (and counts it); when not, how long until the next
   * slot opens.
   */
  take(): Promise<{ granted: boolean; retryInMs: number }>;
  /** Requests granted over the last minute (the health page's "budget used"). */
  usedPerMinute(): Promise<number>;
  /** The upstream asked (Retry-After) for no calls before `until`: every instance holds back. */
  pauseUntil(until: number): Promise<void>;
  /** Epoch ms before which no instance may call (0 when none was asked, or the cache cannot say). */
  pausedUntil(): Promise<number>;
}

/**
 * A request budget that never lets more than `limitPerMinute` requests reach the upstream in any rolling
 * minute, shared by every instance through the cache port's atomic counter (Redis INCR in the cloud).
 *
 * Time is cut into 12 s slots, each allowing ⌊limit / 6⌋ requests. Any 60 s window touches at most six
 * slots, so it holds at most 6 × ⌊limit / 6⌋ ≤ limit requests — a bound that holds however the requests
 * fall, which neither a fixed minute window (up to 2× at its edge) nor a sliding-window estimate gives. The
 * price is using about 5/6 of the limit. When the counter cannot be reached the request is refused: the
 * refresh keeps serving last-good data rather than risk going over.
 */
export function createUpstreamBudget(opts: {
  cache: Cache;
  /** Any upstream's name (a token source, `binance`, `yahoo`). */
  source: string;
  limitPerMinute: number;
  keyPrefix?: string;
  now?: () => number;
}): UpstreamBudget {
  const now = opts.now ?? Date.now;
  const perSlot = Math.floor(opts.limitPerMinute / (SLOTS_PER_MINUTE + 1));
  if (perSlot < 1) throw new RangeError(`${opts.source}: a budget needs at least ${SLOTS_PER_MINUTE + 1} requests a minute`);
  const key = (slot: number) => `${opts.keyPrefix ?? 'tokens:budget'}:${opts.source}:${slot}`;
  const pauseKey = `${opts.keyPrefix ?? 'tokens:budget'}:${opts.source}:paused-until`;
  return {
    limitPerMinute: opts.limitPerMinute,
    async take() {
      const t = now();
      const retryInMs = SLOT_MS - (t % SLOT_MS);
      try {
        const count = await opts.cache.incr(key(Math.floor(t / SLOT_MS)), { ttlMs: 2 * 60_000 });
        return { granted: count <= perSlot, retryInMs };
      } catch {
        return { granted: false, retryInMs };
      }
    },
    async pauseUntil(until) {
      const ttlMs = until - now();
      if (ttlMs > 0) await opts.cache.set(pauseKey, until, { ttlMs }).catch(() => undefined);
    },
    async pausedUntil() {
      return Number((await opts.cache.get<number>(pauseKey)) ?? 0);
    },
    async usedPerMinute() {
      const current = Math.floor(now() / SLOT_MS);
      const slots = Array.from({ length: SLOTS_PER_MINUTE }, (_, i) => key(current - i));
      const counts = await opts.cache.getMany<number | string>(slots);
      // A slot's counter also counts refused attempts; only granted ones reached the upstream.
      return counts.reduce<number>((sum, c) => sum + Math.min(perSlot, Number(c ?? 0)), 0);
    },
  };
}
