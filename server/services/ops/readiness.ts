import { sql } from 'drizzle-orm';
import type { Infra } from '@/server/infra/infra';

export interface CheckResult {
  ok: boolean;
  latencyMs: number;
  error?: string;
}

const CHECK_TIMEOUT_MS = 2_000;

async function timed(run: () => Promise<unknown>): Promise<CheckResult> {
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      run(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { ok: true, latencyMs: round(performance.now() - started) };
  } catch (error) {
    return { ok: false, latencyMs: round(performance.now() - started), error: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

const round = (ms: number) => Math.round(ms * 100) / 100;

/** A real round trip to each dependency: a query on the db, a write and read-back on the cache. */
export async function checkReadiness(infra: Pick<Infra, 'db' | 'cache' | 'dbDriver'>) {
  const [db, cache] = await Promise.all([
    timed(() => infra.db.execute(sql`select 1`)),
    timed(async () => {
      const key = `ready:${crypto.randomUUID()}`;
      await infra.cache.set(key, 1, { ttlMs: 5_000 });
      if ((await infra.cache.get(key)) !== 1) throw new Error('cache read-back mismatch');
      await infra.cache.del(key);
    }),
  ]);
  return { ok: db.ok && cache.ok, checks: { db: { driver: infra.dbDriver, ...db }, cache } };
}
