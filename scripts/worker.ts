/**
 * `npm run worker`: the market feed (simulator → ingestion → db, cache, bus), and in the cloud profile the
 * background job runner and the trading engine (resting orders triggered by ticks), as their own process —
 * since serverless functions cannot hold a feed or a bus subscription open. Long-running web instances run
 * an engine too; fills stay exactly-once because each one re-checks the order under the account lock. In the local profile the web server already runs both in-process; run this only without
 * `next start` on the same data dir (PGlite takes one process).
 */
import { env, profile } from '@/server/env';
import { getInfra } from '@/server/infra';
import { logger } from '@/server/logger';
import { startBotRunner } from '@/server/services/bots/live/start-bot-runner';
import { startProcessJobRunner } from '@/server/services/jobs/process-runner';
import { startMarketFeed } from '@/server/services/market/market-feed';
import { startTradingEngine } from '@/server/services/trading/engine/start-engine';

const infra = await getInfra();
if (profile === 'cloud') {
  await startProcessJobRunner(infra);
  await startTradingEngine(infra);
  startBotRunner(infra);
}
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
