import type { Infra } from '@/server/infra/infra';
import { logger } from '@/server/logger';
import { systemClock } from '@/server/services/trading/deps';
import { createBotRunner, type BotRunner } from './runner';

const globalForBots = globalThis as typeof globalThis & { __primetradeBotRunner?: BotRunner };

/**
 * The process's bot runner, started beside the trading engine (kept on globalThis so hot reloads and Next's
 * separate bundles share it). Several processes may run one each: the per-bot lease keeps every bot on one.
 */
export function startBotRunner(infra: Infra): BotRunner {
  if (!globalForBots.__primetradeBotRunner) {
    const runner = createBotRunner(
      { db: infra.db, cache: infra.cache, bus: infra.bus, clock: systemClock },
      { onError: (error, botId) => logger.error({ err: error, botId }, 'bot runner error') },
    );
    runner.start();
    globalForBots.__primetradeBotRunner = runner;
    const stop = () => void runner.stop().catch((error: unknown) => logger.error({ err: error }, 'bot runner did not stop cleanly'));
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  }
  return globalForBots.__primetradeBotRunner;
}
