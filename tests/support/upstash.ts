import type { Redis } from '@upstash/redis';
import { createUpstashClient } from '@/server/infra/upstash/client';
import { startUpstashBridge, type UpstashBridge } from '../../scripts/bridges/upstash-rest';

/**
 * The Upstash REST bridge in front of the Redis at `redisUrl`, started once per test file, and a key
 * prefix of its own for each run so suites never see each other's keys; `cleanup` deletes them.
 */
export function upstashTestBridge(redisUrl: string) {
  let bridge: Promise<UpstashBridge> | undefined;
  const prefix = `pt-test:${crypto.randomUUID()}:`;
  const start = () => (bridge ??= startUpstashBridge({ redisUrl, token: crypto.randomUUID() }));
  return {
    prefix,
    async client(opts: { timeoutMs?: number } = {}): Promise<Redis> {
      const { url, token } = await start();
      return createUpstashClient({ url, token, ...opts });
    },
    async cleanup() {
      if (!bridge) return;
      const b = await bridge;
      const redis = createUpstashClient({ url: b.url, token: b.token });
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, { match: `${prefix}*`, count: 1_000 });
        cursor = String(next);
        if (keys.length > 0) await redis.del(...keys);
      } while (cursor !== '0');
      await b.close();
    },
  };
}
