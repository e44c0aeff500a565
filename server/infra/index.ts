import 'server-only';
import path from 'node:path';
import { env, profile } from '@/server/env';
import { countingCache } from '@/server/observability/counting-cache';
import type { Infra } from './infra';
import { createLocalInfra } from './local';

export type { Infra } from './infra';

const globalForInfra = globalThis as typeof globalThis & { __primetradeInfra?: Promise<Infra> };

/**
 * The process-wide infra, created once and kept on globalThis so hot reloads and the separate bundles
 * Next.js makes (instrumentation, route handlers, pages) share one database and one bus.
 */
export function getInfra(): Promise<Infra> {
  globalForInfra.__primetradeInfra ??= createInfra().catch((error: unknown) => {
    globalForInfra.__primetradeInfra = undefined;
    throw error;
  });
  return globalForInfra.__primetradeInfra;
}

async function createInfra(): Promise<Infra> {
  // Loaded on demand so the local profile never loads the Neon/Upstash clients (and `ws`).
  const infra =
    profile === 'local'
      ? await createLocalInfra({ dataDir: path.resolve(env.DATA_DIR, 'pglite') })
      : await (await import('./cloud')).createCloudInfra();
  return { ...infra, cache: countingCache(infra.cache) };
}
