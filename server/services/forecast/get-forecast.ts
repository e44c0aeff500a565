import type { Forecast, ForecastInterval } from '@/contracts/forecast';
import type { Cache } from '@/server/infra/cache/types';
import type { Db } from '@/server/infra/db/types';
import { readThrough } from '@/server/services/cache/read-through';
import { INTERVAL_MS } from '@/server/services/market/candle-buckets';
import { getCloses } from '@/server/services/market/candle-query';
import { forecastPath } from './forecast-path';
import { priceHistory } from './history';
import { getModelCard, type StoredCard } from './model-card';

export interface ForecastDeps {
  db: Db;
  cache: Cache;
  now: () => number;
}

/** Candles a forecast is made from. */
export const FORECAST_HISTORY = 1_000;
export const FORECAST_TTL_MS = 60_000;

/** v2: the stored value is a `ForecastEntry` (the forecast and when it was made), so readers know its age. */
export const forecastCacheKey = (symbol: string, interval: ForecastInterval, horizon: number) =>
  `forecast:v2:${symbol}:${interval}:${horizon}`;

/** A cached forecast and when it was computed (epoch ms, `deps.now`): its age is what `Age` reports. */
export interface ForecastEntry {
  forecast: Forecast;
  storedAt: number;
}

/**
 * The forecast for one symbol, interval and horizon from stored candles, with the models its stored
 * backtest picked. Cached for a minute per (symbol, interval, horizon); concurrent misses compute once.
 * Unknown symbol → NOT_FOUND; too little, gapped or flat history → UNPROCESSABLE INSUFFICIENT_HISTORY.
 */
export async function getForecast(
  deps: ForecastDeps,
  input: { symbol: string; interval: ForecastInterval; horizon: number },
): Promise<Forecast> {
  return (await getForecastEntry(deps, input)).forecast;
}

/** `getForecast` with the time the answer was computed (a cache hit is as old as its entry). */
export async function getForecastEntry(
  deps: ForecastDeps,
  input: { symbol: string; interval: ForecastInterval; horizon: number },
): Promise<ForecastEntry> {
  const symbol = input.symbol.toUpperCase();
  // The asset lookup is inside the load: a warm read is one cache get. Unknown symbols throw, uncached.
  return readThrough(deps.cache, forecastCacheKey(symbol, input.interval, input.horizon), FORECAST_TTL_MS, async () => {
    // Stamped before the read: the answer is at least as old as the data it was made from.
    const storedAt = deps.now();
    return { forecast: await computeForecast(deps, { ...input, symbol }), storedAt };
  });
}

async function computeForecast(
  deps: ForecastDeps,
  input: { symbol: string; interval: ForecastInterval; horizon: number },
): Promise<Forecast> {
  const intervalMs = INTERVAL_MS[input.interval];
  // The asset row and the closes in one query (unknown symbol → NOT_FOUND).
  const { asset, times, closes } = await getCloses(deps.db, { symbol: input.symbol, interval: input.interval, limit: FORECAST_HISTORY });
  const history = priceHistory(times.map((t, i) => ({ t, close: closes[i]! })), intervalMs);
  const card = await getModelCard(deps, asset.symbol, input.interval);
  const path = forecastPath(history, {
    horizon: input.horizon,
    intervalMs,
    pointModel: card?.pointModel ?? 'naive',
    volModel: card?.volModel ?? 'ewma',
    garch: card?.volModel === 'garch' ? card.garch : undefined,
    bandScale: card?.bands[card.volModel],
  });
  const last = history.times.at(-1)!;
  // Extra digits beyond the asset's tick size would be false precision; fewer would flatten the first steps' bands.
  const price = (x: number) => x.toFixed(asset.pricePrecision);
  return {
    symbol: asset.symbol,
    interval: input.interval,
    asOf: new Date(last).toISOString(),
    model: path.pointModel,
    points: path.points.map((p) => ({
      t: last + p.step * intervalMs,
      mean: price(p.mean),
      lower80: price(p.lower80),
      upper80: price(p.upper80),
      lower95: price(p.lower95),
      upper95: price(p.upper95),
      lower99: price(p.lower99),
      upper99: price(p.upper99),
    })),
    volatility: {
      model: path.volatility.model,
      perStep: path.volatility.perStep.toFixed(8),
      annualized: path.volatility.annualized.toFixed(4),
      typicalAnnualized: path.volatility.typicalAnnualized.toFixed(4),
    },
    accuracy: card ? accuracyOf(card) : null,
  };
}

function accuracyOf(card: StoredCard): NonNullable<Forecast['accuracy']> {
  const vol = card.vol[card.volModel];
  return {
    origins: card.origins,
    horizon: card.horizon,
    mase: card.mase[card.pointModel].toFixed(4),
    trendMase: card.mase['damped-holt'].toFixed(4),
    coverage80: vol.coverage80.toFixed(4),
    coverage95: vol.coverage95.toFixed(4),
    coverage99: vol.coverage99.toFixed(4),
    pinball: vol.pinball.toFixed(8),
    volQlikeVsConstant: (vol.qlike / card.constantQlike).toFixed(4),
    evaluatedAt: card.evaluatedAt,
  };
}
