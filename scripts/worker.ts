/**
 * `npm run worker`: the market feed (simulator → ingestion → db, cache, bus) and the background job runner
 * as their own process — how the cloud profile runs them, since serverless functions cannot hold a feed
 * open. In the local profile the web server already runs both in-process; run this only without
 * `next start` on the same data dir (PGlite takes one process).
 */
import { env, profile } from '@/server/env';
import { getInfra } from '@/server/infra';
import { logger } from '@/server/logger';
import { startProcessJobRunner } from '@/server/services/jobs/process-runner';
import { startMarketFeed } from '@/server/services/market/market-feed';

const infra = await getInfra();
if (profile === 'cloud') await startProcessJobRunner(infra);
const feed = await startMarketFeed(infra, {
  backfillDays: env.MARKET_BACKFILL_DAYS,
  log: (msg, fields) => logger.info(fields ?? {}, msg),
});
logger.info({ profile, ticksPerSecond: Math.round(feed.source.ticksPerSecond) }, 'market worker running');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    logger.info({ signal }, 'market worker stopping');
    void feed
      .stop()
      .then(() => infra.close())
      .finally(() => process.exit(0));
  });
}
