import type { BandScale } from './band-calibration';
import { logNormalBands, type BandPoint } from './bands';
import { fitDampedHolt, holtForecast, holtStep, type HoltState } from './damped-holt';
import type { GarchParams } from './garch';
import type { PriceHistory } from './history';
import { standardisedKurtosis } from './quantiles';
import { forecastVolatility, type VolModel } from './volatility';

export const POINT_MODELS = ['naive', 'damped-holt'] as const;
export type PointModel = (typeof POINT_MODELS)[number];

const YEAR_MS = 365 * 24 * 3600 * 1000;

export interface ForecastPath {
  pointModel: PointModel;
  points: BandPoint[];
  volatility: {
    model: VolModel;
    /** Standard deviation of the next step's log return (diffusion and jumps). */
    perStep: number;
    annualized: number;
    /** The history's own level (root mean square return), annualised: what "typical" means here. */
    typicalAnnualized: number;
  };
}

/**
 * The forecast from a validated history: bands from the chosen volatility model (widths calibrated by the
 * symbol's backtest when given), the point path from the chosen point model (the last price for `naive`).
 */
export function forecastPath(
  history: PriceHistory,
  opts: { horizon: number; intervalMs: number; pointModel: PointModel; volModel: VolModel; garch?: GarchParams; bandScale?: BandScale },
): ForecastPath {
  const { closes, returns } = history;
  const vol = forecastVolatility(opts.volModel, returns, opts.garch);
  const lastPrice = closes.at(-1)!;
  let mean: ((step: number) => number) | undefined;
  if (opts.pointModel === 'damped-holt') {
    const logs = closes.map(Math.log);
    const params = fitDampedHolt(logs);
    let state: HoltState = { level: logs[0]!, trend: 0 };
    for (let t = 1; t < logs.length; t++) state = holtStep(state, logs[t]!, params);
    mean = (step) => Math.exp(holtForecast(state, params.phi, step));
  }
  const points = logNormalBands(lastPrice, vol.termStructure(opts.horizon), {
    kurtosis: standardisedKurtosis(returns, vol.diffusive),
    mean,
    scale: opts.bandScale,
  });
  const perYear = Math.sqrt(YEAR_MS / opts.intervalMs);
  // The reported volatility is the whole variance, jumps included; the bands above are the diffusion's.
  const perStep = Math.sqrt(vol.diffusive.at(-1)! + vol.jumpVariance);
  const typical = Math.sqrt(returns.reduce((s, r) => s + r * r, 0) / returns.length);
  return {
    pointModel: opts.pointModel,
    points,
    volatility: { model: opts.volModel, perStep, annualized: perStep * perYear, typicalAnnualized: typical * perYear },
  };
}
