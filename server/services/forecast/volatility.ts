import { clippedSquare, jumpVariances } from './jump-clip';
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

/** Mean of the (jump-clipped) squared returns over the last `window` (fewer at the start; the seed before any). */
export function rollingVariances(returns: readonly number[], window = ROLLING_WINDOW): number[] {
  const seed = meanSquare(returns, 0, Math.min(SEED_RETURNS, returns.length));
  const out = new Array<number>(returns.length + 1);
  const squares = new Array<number>(returns.length);
  let sum = 0;
  for (let t = 0; t <= returns.length; t++) {
    const count = Math.min(t, window);
    out[t] = count === 0 ? seed : sum / count;
    if (t < returns.length) {
      squares[t] = clippedSquare(returns[t]!, out[t]!);
      sum += squares[t]!;
      if (t >= window) sum -= squares[t - window]!;
    }
  }
  return out;
}

/** σ²ₜ₊₁ = λσ²ₜ + (1 − λ)r²ₜ (r² jump-clipped), seeded with the mean square of the first returns. */
export function ewmaVariances(returns: readonly number[], lambda = EWMA_LAMBDA): number[] {
  const out = new Array<number>(returns.length + 1);
  let v = meanSquare(returns, 0, Math.min(SEED_RETURNS, returns.length));
  for (let t = 0; t < returns.length; t++) {
    out[t] = v;
    v = lambda * v + (1 - lambda) * clippedSquare(returns[t]!, v);
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
  /** One-step-ahead diffusive (jump-clipped) variances, length returns + 1 (see above). */
  diffusive: number[];
  /** Diffusive variances of the next h returns after the last observed one: what the bands use. */
  termStructure: (h: number) => number[];
  /** Per-step variance from jumps, estimated over the whole history; add it for the total variance. */
  jumpVariance: number;
  garch?: GarchParams;
}

/** The diffusive one-step variances of a flat model (EWMA or rolling) or of GARCH with given parameters. */
export function diffusiveVariances(model: VolModel, returns: readonly number[], garch?: GarchParams): number[] {
  if (model === 'garch') return garchVariances(returns, garch!);
  return model === 'ewma' ? ewmaVariances(returns) : rollingVariances(returns);
}

export function forecastVolatility(model: VolModel, returns: readonly number[], garch?: GarchParams): VolatilityForecast {
  const params = model === 'garch' ? (garch ?? fitGarch(returns)) : undefined;
  const diffusive = diffusiveVariances(model, returns, params);
  const next = diffusive.at(-1)!;
  const termStructure = params
    ? (h: number) => garchTermStructure(params, next, h)
    : // EWMA and rolling variance are flat: their forecast of every later step is the next step's.
      (h: number) => new Array<number>(h).fill(next);
  return { model, diffusive, termStructure, jumpVariance: jumpVariances(returns, diffusive).at(-1)!, garch: params };
}
