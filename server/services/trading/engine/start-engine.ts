import type { Infra } from '@/server/infra/infra';
import { TradingEngine, type TradingEngineOptions } from './trading-engine';

/** A started engine whose errors go to the logger. The worker runs one per deployment, under a lease. */
export async function startTradingEngine(
  infra: Pick<Infra, 'db' | 'cache' | 'bus' | 'clock' | 'logger'>,
  options: TradingEngineOptions = {},
): Promise<TradingEngine> {
  const { db, cache, bus, clock, logger } = infra;
  const engine = new TradingEngine(
    { db, cache, bus, clock },
    { onError: (error, context) => logger.error({ err: error, context }, 'trading engine error'), ...options },
  );
  await engine.start();
  logger.info({ resting: engine.restingCount }, 'trading engine started');
  return engine;
}
