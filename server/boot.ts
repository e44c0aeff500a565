import 'server-only';
import { env, profile, seedDemo } from '@/server/env';
import { getAuthSecret } from '@/server/auth/secret';
import { getInfra } from '@/server/infra';
import { logger } from '@/server/logger';
import { startProcessJobRunner } from '@/server/services/jobs/process-runner';
import { startTradingEngine } from '@/server/services/trading/engine/start-engine';
import { startMarketFeed, type MarketFeed } from '@/server/services/market/market-feed';
import { getPriceHub } from '@/server/services/market/price-hub';
import { startTokenRefresh } from '@/server/services/tokens/start-token-refresh';
import { DEMO_ACCOUNTS, seedDemoAccounts } from '@/server/services/users/seed';

/**
 * Process start-up (Node runtime, once): open the database (migrations run there), seed, start the trading
 * engine, the price hub, and in the local profile the job runner and the market feed (the cloud runs those
 * in `npm run worker`), report.
 */
export async function boot(): Promise<void> {
  const started = performance.now();
  const infra = await getInfra();
  await getAuthSecret();
  if (seedDemo) {
    await seedDemoAccounts(infra.db);
    for (const a of DEMO_ACCOUNTS) logger.info(`demo ${a.role}: ${a.email} / ${a.password}`);
  }
  if (profile === 'local') await startProcessJobRunner(infra);
  await startTradingEngine(infra);
  // The hub subscribes before the first client, so every event id is known to it (snapshots carry the newest).
  await getPriceHub(infra.bus).start();
  if (profile === 'local') await startLocalMarketFeed(infra);
  if (profile === 'local') await startTokenRefresh(infra); // the worker role runs it in the cloud
  logger.info({ profile, db: infra.dbDriver, ms: Math.round(performance.now() - started) }, 'PrimeTrade ready');
}

const globalForFeed = globalThis as typeof globalThis & { __primetradeMarketFeed?: Promise<MarketFeed> };

/**
 * The local profile runs the simulator and ingestion in the server process (the cloud runs them in
 * `npm run worker`). Kept on globalThis so a second register() or a hot reload never starts a second feed.
 */
function startLocalMarketFeed(infra: Awaited<ReturnType<typeof getInfra>>): Promise<MarketFeed> {
  globalForFeed.__primetradeMarketFeed ??= startMarketFeed(infra, {
    backfillDays: env.MARKET_BACKFILL_DAYS,
    log: (msg, fields) => logger.info(fields ?? {}, msg),
  });
  return globalForFeed.__primetradeMarketFeed;
}
