import type { Redis } from '@upstash/redis';
import { tagDependency } from '@/server/dependency-errors';
import { consoleLog, type Log } from '../log';
import { warnThrottled } from '../upstash/client';
import type { Cache } from './types';

// INCR and the expiry in one step, so a counter never outlives its first TTL (or lives forever).
const INCR_WITH_TTL = `local n = redis.call('INCR', KEYS[1])
if n == 1 and tonumber(ARGV[1]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;

const SCAN_COUNT = 500;

/**
 * The cache port on Upstash Redis. Failure modes: reads and writes of cached values degrade to "no
 * cache" (get → null unless asked to throw, set → dropped); deletions and counters throw, because an
 * invalidation that did not happen or a count that was not kept must not look as if it had. What is thrown
 * for Redis being down is a DependencyError naming the cache (a 503 when it reaches a request). While the
 * client's circuit is open all of this happens at once, without a round trip.
 */
export function createUpstashCache(redis: Redis, prefix = '', log: Log = consoleLog): Cache {
  const incrScript = redis.createScript<number>(INCR_WITH_TTL);
  const tagged = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      throw tagDependency('cache', error);
    }
  };
  return {
    async get<T>(key: string, opts?: { orThrow?: boolean }) {
      try {
        const raw = await redis.get<string>(prefix + key);
        return raw === null ? null : (JSON.parse(raw) as T);
      } catch (error) {
        if (opts?.orThrow) throw tagDependency('cache', error);
        warnThrottled('cache get', error, log);
        return null;
      }
    },
    async getMany<T>(keys: readonly string[]) {
      if (keys.length === 0) return [];
      try {
        const raws = await redis.mget<(string | null)[]>(...keys.map((k) => prefix + k));
        return raws.map((raw) => (raw === null ? null : (JSON.parse(raw) as T)));
      } catch (error) {
        warnThrottled('cache get', error, log);
        return keys.map(() => null);
      }
    },
    async set(key, value, opts) {
      const json = JSON.stringify(value);
      try {
        if (opts?.ttlMs) await redis.set(prefix + key, json, { px: opts.ttlMs });
        else await redis.set(prefix + key, json);
      } catch (error) {
        warnThrottled('cache set', error, log);
      }
    },
    async del(...keys) {
      if (keys.length > 0) await tagged(() => redis.del(...keys.map((k) => prefix + k)));
    },
    delPrefix: (keyPrefix) => tagged(async () => {
      const match = `${escapeGlob(prefix + keyPrefix)}*`;
      let cursor = '0';
      let deleted = 0;
      do {
        const [next, keys] = await redis.scan(cursor, { match, count: SCAN_COUNT });
        cursor = String(next);
        if (keys.length > 0) deleted += await redis.del(...keys);
      } while (cursor !== '0');
      return deleted;
    }),
    async incr(key, opts) {
      return Number(await tagged(() => incrScript.exec([prefix + key], [String(opts?.ttlMs ?? 0)])));
    },
  };
}

const escapeGlob = (s: string) => s.replace(/[*?[\]\\]/g, '\\$&');
