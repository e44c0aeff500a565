import type { Infra } from '@/server/infra/infra';
import { logger } from '@/server/logger';
import { systemClock } from '../deps';
import { TradingEngine } from './trading-engine';

const globalForEngine = globalThis as typeof globalThis & { __primetradeEngine?: Promise<TradingEngine> };

/** The process's one engine (kept on globalThis so hot reloads and Next's separate bundles share it). */
export function startTradingEngine(infra: Infra): Promise<TradingEngine> {
  globalForEngine.__primetradeEngine ??= (async () => {
    const engine = new TradingEngine(
      { db: infra.db, cache: infra.cache, bus: infra.bus, clock: systemClock },
      { onError: (error, context) => logger.error({ err: error, context }, 'trading engine error') },
    );
    await engine.start();
    logger.info({ resting: engine.restingCount }, 'trading engine started');
    return engine;
  })();
  return globalForEngine.__primetradeEngine;
}
