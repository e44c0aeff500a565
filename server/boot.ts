import 'server-only';
import { env, marketSources, seedDemo, profile, type Role } from '@/server/env';
import { getAuthSecret } from '@/server/auth/secret';
import { getInfra, type Infra } from '@/server/infra';
import type { MarketFeedOptions } from '@/server/services/market/market-feed';
import { getPriceHub } from '@/server/services/market/price-hub';
import { configuredLiveSources } from '@/server/services/market/sources/configured-sources';
import { getTokenHub } from '@/server/services/tokens/token-stream';
import { DEMO_ACCOUNTS, seedDemoAccounts } from '@/server/services/users/seed';
import { startWorker, type Worker } from '@/server/start-worker';

export interface Booted {
  role: Role;
  infra: Infra;
  /** The worker role's parts; null in the web role. */
  worker: Worker | null;
  /** Stops the worker's parts (handing its jobs and leases back); the infra stays open. */
  stop(): Promise<void>;
}

const globalForBoot = globalThis as typeof globalThis & { __primetradeBoot?: Promise<Booted> };

/**
 * The one start-up path, once per process (kept on globalThis so a second register(), a hot reload or
 * Next's separate bundles never start a second set). Every role opens the infra (migrations run there).
 * `web`: auth secret, demo seed, the price hub (SSE fan-out). `worker`: job runner, and under leases the
 * market feed and the trading engine. `local`: both, in one process.
 */
export function boot(role: Role): Promise<Booted> {
  globalForBoot.__primetradeBoot ??= start(role);
  return globalForBoot.__primetradeBoot;
}

async function start(role: Role): Promise<Booted> {
  const started = performance.now();
  const infra = await getInfra();
  const serves = role !== 'worker';
  if (serves) {
    await getAuthSecret();
    if (seedDemo) {
      await seedDemoAccounts(infra.db);
      for (const a of DEMO_ACCOUNTS) infra.logger.info(`demo ${a.role}: ${a.email} / ${a.password}`);
    }
    // The hubs subscribe before the feed and the token refresh start, so every event id is known to them
    // (snapshots carry the newest).
    await Promise.all([getPriceHub(infra.bus).start(), getTokenHub(infra.bus).start()]);
  }
  const worker =
    role === 'web'
      ? null
      : await startWorker(infra, {
          leaseTtlMs: env.SINGLETON_LEASE_TTL_MS,
          feed: { backfillDays: env.MARKET_BACKFILL_DAYS, dailyHistoryDays: env.MARKET_DAILY_HISTORY_DAYS, live: liveSourcesFor(infra) },
          taskReminderLeadMs: env.TASK_REMINDER_LEAD_MINUTES * 60_000,
        });
  infra.logger.info(
    { role, profile, db: infra.dbDriver, feed: worker?.feed.running, engine: worker?.engine.running, ms: Math.round(performance.now() - started) },
    'PrimeTrade ready',
  );
  return { role, infra, worker, stop: async () => worker?.stop() };
}

/**
 * MARKET_SOURCES as the feed's live sources (undefined when everything is simulated). They connect only when
 * the feed starts, and the feed runs under the `market-feed` lease: one set of upstream connections per
 * deployment, whatever the number of workers.
 */
function liveSourcesFor(infra: Infra): MarketFeedOptions['live'] {
  if (Object.values(marketSources).every((p) => p === 'sim')) return undefined;
  const lastLogged = new Map<string, number>();
  return (active) =>
    configuredLiveSources(marketSources, active, {
      cache: infra.cache,
      binanceBaseUrl: env.BINANCE_BASE_URL,
      binanceWsUrl: env.BINANCE_WS_URL,
      yahooBaseUrl: env.YAHOO_BASE_URL,
      tokenRefreshMs: env.TOKEN_REFRESH_SECONDS * 1000,
      // Upstream trouble is expected and shows as stale prices: one line per source and message a minute.
      onError: (error, source) => {
        const message = error instanceof Error ? error.message : String(error);
        const key = `${source}:${message}`;
        if ((lastLogged.get(key) ?? 0) > Date.now() - 60_000) return;
        lastLogged.set(key, Date.now());
        infra.logger.warn({ source, err: message }, 'market source error (repeats muted for a minute)');
      },
      onUnserved: (symbols) => infra.logger.warn({ symbols }, 'no configured live source lists these assets: simulated'),
    });
}
