import { and, eq } from 'drizzle-orm';
import { forecastModelCards } from '@/db/schema/forecast';
import { assets, type CandleInterval } from '@/db/schema/market';
import type { Cache } from '@/server/infra/cache/types';
import type { Db } from '@/server/infra/db/types';
import { readThrough } from '@/server/services/cache/read-through';
import { getCloses } from '@/server/services/market/candle-query';
import { INTERVAL_MS } from '@/server/services/market/candle-buckets';
import { DEFAULT_EVALUATION, evaluateForecasts, type ModelCard } from './evaluate';
import { priceHistory } from './history';

/** Candles a card is evaluated on: the warm-up, then ~1,470 origins (≥ 1,000, as the product promises). */
export const CARD_HISTORY = 2_000;
/** Fewer origins than this make no card: the figures would say more than the data can. */
export const MIN_CARD_ORIGINS = 200;
/** How long a stored card serves before the scheduled refresh recomputes it. */
export const CARD_MAX_AGE_MS = 6 * 3_600_000;

export interface StoredCard extends ModelCard {
  evaluatedAt: string;
}

/**
 * Evaluates the models on the newest stored candles of one symbol and interval, and stores the card.
 * Returns null (and stores nothing) when the history is too short for MIN_CARD_ORIGINS origins.
 */
export async function computeModelCard(db: Db, symbol: string, interval: CandleInterval, now: Date): Promise<StoredCard | null> {
  const { times, closes } = await getCloses(db, { symbol, interval, limit: CARD_HISTORY });
  const needed = DEFAULT_EVALUATION.warmup + DEFAULT_EVALUATION.horizon + MIN_CARD_ORIGINS;
  let history;
  try {
    history = priceHistory(times.map((t, i) => ({ t, close: closes[i]! })), INTERVAL_MS[interval], needed);
  } catch {
    return null;
  }
  const card = evaluateForecasts(history.closes);
  await db
    .insert(forecastModelCards)
    .values({
      symbol,
      interval,
      pointModel: card.pointModel,
      volModel: card.volModel,
      origins: card.origins,
      card: card as unknown as Record<string, unknown>,
      historyEnd: new Date(history.times.at(-1)!),
      evaluatedAt: now,
    })
    .onConflictDoUpdate({
      target: [forecastModelCards.symbol, forecastModelCards.interval],
      set: {
        pointModel: card.pointModel,
        volModel: card.volModel,
        origins: card.origins,
        card: card as unknown as Record<string, unknown>,
        historyEnd: new Date(history.times.at(-1)!),
        evaluatedAt: now,
      },
    });
  return { ...card, evaluatedAt: now.toISOString() };
}

async function readStoredCard(db: Db, symbol: string, interval: CandleInterval): Promise<StoredCard | null> {
  const [row] = await db
    .select({ card: forecastModelCards.card, evaluatedAt: forecastModelCards.evaluatedAt })
    .from(forecastModelCards)
    .where(and(eq(forecastModelCards.symbol, symbol), eq(forecastModelCards.interval, interval)));
  return row ? { ...(row.card as unknown as ModelCard), evaluatedAt: row.evaluatedAt.toISOString() } : null;
}

/**
 * The stored card, or — when the symbol has none yet — one computed now and stored (once: concurrent
 * requests share the computation through readThrough's single flight, and the cache keeps the read for a
 * minute). `null` in the cache means "history too short": that is cached too, for the same minute.
 */
export async function getModelCard(
  deps: { db: Db; cache: Cache; now: () => number },
  symbol: string,
  interval: CandleInterval,
): Promise<StoredCard | null> {
  const { card } = await readThrough(deps.cache, `forecast:card:v1:${symbol}:${interval}`, 60_000, async () => ({
    card: (await readStoredCard(deps.db, symbol, interval)) ?? (await computeModelCard(deps.db, symbol, interval, new Date(deps.now()))),
  }));
  return card;
}

/** Symbols × intervals whose card is missing or older than `maxAgeMs`, missing ones first, then oldest. */
export async function staleCards(
  db: Db,
  now: number,
  intervals: readonly CandleInterval[],
  maxAgeMs = CARD_MAX_AGE_MS,
): Promise<{ symbol: string; interval: CandleInterval }[]> {
  const [symbols, cards] = await Promise.all([
    db.select({ symbol: assets.symbol }).from(assets).orderBy(assets.symbol),
    db.select({ symbol: forecastModelCards.symbol, interval: forecastModelCards.interval, evaluatedAt: forecastModelCards.evaluatedAt }).from(forecastModelCards),
  ]);
  const evaluated = new Map(cards.map((c) => [`${c.symbol}|${c.interval}`, c.evaluatedAt.getTime()]));
  return symbols
    .flatMap(({ symbol }) => intervals.map((interval) => ({ symbol, interval, at: evaluated.get(`${symbol}|${interval}`) ?? 0 })))
    .filter((c) => c.at < now - maxAgeMs)
    .sort((a, b) => a.at - b.at)
    .map(({ symbol, interval }) => ({ symbol, interval }));
}
