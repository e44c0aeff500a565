import { fitGarch, garchTermStructure, garchVariances, type GarchParams } from './garch';

/**
 * Volatility models on log returns. Each gives one-step-ahead variances: element t is the variance of
 * return t forecast from the returns before it, and the last element (index n) the forecast for the next,
 * unseen return. Returns are treated as zero-mean: at these sampling rates the mean is far below its own
 * estimation error, and subtracting a noisy mean only adds noise.
 */
export const VOL_MODELS = ['rolling', 'ewma', 'garch'] as const;
export type VolModel = (typeof VOL_MODELS)[number];

/** RiskMetrics' decay for daily data; we use it at every interval (its half-life is ~11 steps). */
export const EWMA_LAMBDA = 0.94;
/** Window of the rolling estimate, in returns. */
export const ROLLING_WINDOW = 60;
/** Returns that seed the EWMA and rolling recursions before they have a full window. */
const SEED_RETURNS = 20;

const meanSquare = (xs: readonly number[], from: number, to: number) => {
  let s = 0;
  for (let i = from; i < to; i++) s += xs[i]! * xs[i]!;
  return s / Math.max(1, to - from);
};

/** Mean of the squared returns over the last `window` (fewer at the start; the seed before any). */
export function rollingVariances(returns: readonly number[], window = ROLLING_WINDOW): number[] {
  const seed = meanSquare(returns, 0, Math.min(SEED_RETURNS, returns.length));
  const out = new Array<number>(returns.length + 1);
  let sum = 0;
  for (let t = 0; t <= returns.length; t++) {
    const count = Math.min(t, window);
    out[t] = count === 0 ? seed : sum / count;
    if (t < returns.length) {
      sum += returns[t]! * returns[t]!;
      if (t >= window) sum -= returns[t - window]! * returns[t - window]!;
    }
  }
  return out;
}

/** σ²ₜ₊₁ = λσ²ₜ + (1 − λ)r²ₜ, seeded with the mean square of the first returns. */
export function ewmaVariances(returns: readonly number[], lambda = EWMA_LAMBDA): number[] {
  const out = new Array<number>(returns.length + 1);
  let v = meanSquare(returns, 0, Math.min(SEED_RETURNS, returns.length));
  for (let t = 0; t < returns.length; t++) {
    out[t] = v;
    v = lambda * v + (1 - lambda) * returns[t]! * returns[t]!;
  }
  out[returns.length] = v;
  return out;
}

/** The benchmark: one variance for the whole sample before each point (expanding mean square). */
export function constantVariances(returns: readonly number[]): number[] {
  const out = new Array<number>(returns.length + 1);
  let sum = 0;
  const seed = meanSquare(returns, 0, Math.min(SEED_RETURNS, returns.length));
  for (let t = 0; t <= returns.length; t++) {
    out[t] = t === 0 ? seed : sum / t;
    if (t < returns.length) sum += returns[t]! * returns[t]!;
  }
  return out;
}

/** A fitted volatility model: its one-step variances and how it extends a forecast over `h` steps. */
export interface VolatilityForecast {
  model: VolModel;
  /** One-step-ahead variances, length returns + 1 (see above). */
  variances: number[];
  /** Variances of the next h returns after the last observed one. */
  termStructure: (h: number) => number[];
  garch?: GarchParams;
}

export function forecastVolatility(model: VolModel, returns: readonly number[], garch?: GarchParams): VolatilityForecast {
  if (model === 'garch') {
    const params = garch ?? fitGarch(returns);
    const variances = garchVariances(returns, params);
    return { model, variances, garch: params, termStructure: (h) => garchTermStructure(params, variances.at(-1)!, h) };
  }
  const variances = model === 'ewma' ? ewmaVariances(returns) : rollingVariances(returns);
  // EWMA and rolling variance are flat: their forecast of every later step is the next step's.
  return { model, variances, termStructure: (h) => new Array<number>(h).fill(variances.at(-1)!) };
}
