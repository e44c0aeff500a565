import 'server-only';
import { and, eq, lt } from 'drizzle-orm';
import { forecastModelCards } from '@/db/schema/forecast';
import type { CandleInterval } from '@/db/schema/market';
import type { Clock } from '@/server/infra/clock';
import type { Db } from '@/server/infra/db/types';
import { CARD_MAX_AGE_MS, computeModelCard, staleCards } from './model-card';

export const CARD_INTERVALS = ['1m', '5m', '1h', '1d'] as const satisfies readonly CandleInterval[];
/** How often the refresher looks for cards past CARD_MAX_AGE_MS. */
export const CARD_REFRESH_EVERY_MS = 15 * 60_000;
/** The first look waits for start-up (and a first-start backfill) to settle. */
const FIRST_REFRESH_AFTER_MS = 2 * 60_000;

/**
 * Takes a stale card for this run: bumps its `evaluated_at` only if it is still stale, so when several
 * workers refresh at once each card is recomputed by one of them (a missing card has no row to take; two
 * runs may both compute it, and the upsert keeps the later — harmless).
 */
async function claimCard(db: Db, symbol: string, interval: CandleInterval, now: number, maxAgeMs: number): Promise<boolean> {
  const [existing] = await db
    .select({ symbol: forecastModelCards.symbol })
    .from(forecastModelCards)
    .where(and(eq(forecastModelCards.symbol, symbol), eq(forecastModelCards.interval, interval)));
  if (!existing) return true;
  const claimed = await db
    .update(forecastModelCards)
    .set({ evaluatedAt: new Date(now) })
    .where(
      and(
        eq(forecastModelCards.symbol, symbol),
        eq(forecastModelCards.interval, interval),
        lt(forecastModelCards.evaluatedAt, new Date(now - maxAgeMs)),
      ),
    )
    .returning({ symbol: forecastModelCards.symbol });
  return claimed.length > 0;
}

/**
 * One pass of the scheduled backtest: recomputes every card that is missing or older than `maxAgeMs`, at
 * most `budget` of them. Each card is a few hundred ms of CPU; a macrotask break between cards lets a web
 * process sharing the thread (local profile) keep serving.
 */
export async function refreshModelCards(
  db: Db,
  now: () => number,
  opts: { maxAgeMs?: number; budget?: number; intervals?: readonly CandleInterval[] } = {},
): Promise<{ refreshed: number; tooShort: number }> {
  const maxAgeMs = opts.maxAgeMs ?? CARD_MAX_AGE_MS;
  const due = (await staleCards(db, now(), opts.intervals ?? CARD_INTERVALS, maxAgeMs)).slice(0, opts.budget ?? Infinity);
  let refreshed = 0;
  let tooShort = 0;
  for (const { symbol, interval } of due) {
    if (!(await claimCard(db, symbol, interval, now(), maxAgeMs))) continue;
    if (await computeModelCard(db, symbol, interval, new Date(now()))) refreshed++;
    else tooShort++;
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return { refreshed, tooShort };
}

const globalForRefresh = globalThis as typeof globalThis & { __primetradeCardRefresh?: () => void };

/**
 * The worker role's schedule, run under its deployment-wide lease (server/start-worker.ts): a first pass after
 * start-up, then one every CARD_REFRESH_EVERY_MS. Passes never overlap; a second start in one process (hot reload, Next's
 * separate bundles) returns the first one's stop function. Returns a stop function.
 */
export function startModelCardRefresh(db: Db, clock: Clock, log: (msg: string, fields?: Record<string, unknown>) => void): () => void {
  if (globalForRefresh.__primetradeCardRefresh) return globalForRefresh.__primetradeCardRefresh;
  let running = false;
  const pass = async () => {
    if (running) return;
    running = true;
    try {
      const started = clock();
      const report = await refreshModelCards(db, clock);
      if (report.refreshed + report.tooShort > 0) log('forecast model cards refreshed', { ...report, ms: clock() - started });
    } catch (error) {
      log('forecast model card refresh failed', { err: error });
    } finally {
      running = false;
    }
  };
  const first = setTimeout(() => void pass(), FIRST_REFRESH_AFTER_MS);
  const timer = setInterval(() => void pass(), CARD_REFRESH_EVERY_MS);
  first.unref?.();
  timer.unref?.();
  globalForRefresh.__primetradeCardRefresh = () => {
    clearTimeout(first);
    clearInterval(timer);
    globalForRefresh.__primetradeCardRefresh = undefined;
  };
  return globalForRefresh.__primetradeCardRefresh;
}
