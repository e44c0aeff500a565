import { z } from 'zod';
import { decimalString, isoTimestamp, symbolSchema } from './common';

/** Candle intervals a forecast can be made on (the stored candle intervals). */
export const FORECAST_INTERVALS = ['1m', '5m', '1h', '1d'] as const;
export type ForecastInterval = (typeof FORECAST_INTERVALS)[number];

export const FORECAST_HORIZON_MAX = 240;

export const forecastInput = z.object({
  symbol: symbolSchema,
  interval: z.enum(FORECAST_INTERVALS).default('1m'),
  /** Steps of `interval` ahead. */
  horizon: z.number().int().min(1).max(FORECAST_HORIZON_MAX, `At most ${FORECAST_HORIZON_MAX} steps`).default(30),
});
export type ForecastInput = z.input<typeof forecastInput>;

export const POINT_MODEL_NAMES = ['naive', 'damped-holt'] as const;
export const VOL_MODEL_NAMES = ['rolling', 'ewma', 'garch'] as const;

/** One future bucket: `t` its start (epoch ms); prices as decimal strings at the asset's precision. */
export const forecastPointSchema = z.object({
  t: z.number().int(),
  mean: decimalString,
  lower80: decimalString,
  upper80: decimalString,
  lower95: decimalString,
  upper95: decimalString,
  lower99: decimalString,
  upper99: decimalString,
});
export type ForecastPoint = z.infer<typeof forecastPointSchema>;

export const forecastOutput = z.object({
  symbol: z.string(),
  interval: z.enum(FORECAST_INTERVALS),
  /** Start of the newest candle the forecast was made from; `points[0]` is the bucket after it. */
  asOf: isoTimestamp,
  /** The point model (the last price for `naive`). */
  model: z.enum(POINT_MODEL_NAMES),
  points: z.array(forecastPointSchema),
  volatility: z.object({
    model: z.enum(VOL_MODEL_NAMES),
    /** Standard deviation of the next step's log return (a fraction). */
    perStep: decimalString,
    annualized: decimalString,
    /** The history's own level over the same candles, annualised: "typical" for this symbol. */
    typicalAnnualized: decimalString,
  }),
  /**
   * The stored rolling-origin backtest behind the choice of models; null while the symbol has too little
   * history at this interval for one (the models are then naive + EWMA).
   */
  accuracy: z
    .object({
      origins: z.number().int(),
      /** Steps scored per origin. */
      horizon: z.number().int(),
      /** MASE of the chosen point model; ≈ 1 means no better than the last price. */
      mase: decimalString,
      /** MASE of the trend model (damped Holt), for comparison. */
      trendMase: decimalString,
      coverage80: decimalString,
      coverage95: decimalString,
      coverage99: decimalString,
      /** Mean pinball loss of the band edges, as a fraction of the price. */
      pinball: decimalString,
      /** QLIKE of the volatility model over QLIKE of constant volatility (below 1: better). */
      volQlikeVsConstant: decimalString,
      evaluatedAt: isoTimestamp,
    })
    .nullable(),
});
export type Forecast = z.infer<typeof forecastOutput>;
