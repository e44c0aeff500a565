import { fitDampedHolt, holtForecast, holtStep, type HoltParams, type HoltState } from './damped-holt';
import { fitGarch, garchTermStructure, type GarchParams } from './garch';
import { standardisedKurtosis, studentDof, studentQ995, Z80, Z95 } from './quantiles';
import { clippedSquare, jumpVariances } from './jump-clip';
import { constantVariances, ewmaVariances, rollingVariances, VOL_MODELS, type VolModel } from './volatility';
import type { PointModel } from './forecast-path';

export interface EvaluationOptions {
  /** Steps ahead scored at every origin (1..horizon). */
  horizon: number;
  /** Returns seen before the first origin. */
  warmup: number;
  /** Most origins scored; spread evenly over the history when it holds more. */
  maxOrigins: number;
  /** GARCH and Holt are refitted every this many returns, on the trailing `fitWindow` (no look-ahead). */
  refitEvery: number;
  fitWindow: number;
  /** Steps of realised variance the volatility forecasts are scored against (QLIKE). */
  qlikeSteps: number;
}

export const DEFAULT_EVALUATION: EvaluationOptions = {
  horizon: 30,
  warmup: 500,
  maxOrigins: 2000,
  refitEvery: 250,
  fitWindow: 1000,
  qlikeSteps: 10,
};

export interface VolScore {
  coverage80: number;
  coverage95: number;
  coverage99: number;
  /** Mean pinball loss over the band edges (quantiles 0.025, 0.1, 0.9, 0.975), as a fraction of the price. */
  pinball: number;
  qlike: number;
}

/** A model card: how each model did over a rolling-origin backtest, and the pair it picks. */
export interface ModelCard {
  origins: number;
  horizon: number;
  pointModel: PointModel;
  volModel: VolModel;
  /**
   * MASE of each point model, per step h: the mean |error| over origins divided by the mean in-sample
   * |h-step naive change| (trailing fit window) at those origins — pooled before dividing, so a calm
   * window followed by a jump does not dominate as one huge ratio — then averaged over h.
   */
  mase: Record<PointModel, number>;
  vol: Record<VolModel, VolScore>;
  /** QLIKE of constant volatility (the expanding mean square), the benchmark for `vol[*].qlike`. */
  constantQlike: number;
  /** GARCH parameters of the last refit: the service reuses them. */
  garch: GarchParams;
}

const PINBALL_LEVELS = [
  [0.025, 'lower95'],
  [0.1, 'lower80'],
  [0.9, 'upper80'],
  [0.975, 'upper95'],
] as const;

const pinball = (tau: number, y: number, q: number) => (y >= q ? tau * (y - q) : (1 - tau) * (q - y));

/**
 * Rolling-origin evaluation (as in the M4 competition and Nixtla's statsforecast): at each origin every
 * model forecasts 1..horizon steps from data up to the origin only, and is scored on what followed.
 * Point models by MASE, bands by coverage and pinball loss, volatility models by QLIKE against realised
 * variance, each beside constant volatility. Throws if the history leaves no origin; callers check length.
 */
export function evaluateForecasts(closes: readonly number[], options: Partial<EvaluationOptions> = {}): ModelCard {
  const o = { ...DEFAULT_EVALUATION, ...options };
  const returns = closes.slice(1).map((c, i) => Math.log(c / closes[i]!));
  const n = returns.length;
  const H = o.horizon;
  const lastOrigin = n - Math.max(H, o.qlikeSteps);
  if (lastOrigin < o.warmup) throw new Error(`evaluateForecasts: ${closes.length} closes leave no origin`);
  const stride = Math.max(1, Math.floor((lastOrigin - o.warmup + 1) / o.maxOrigins));

  // One-step variance forecasts over the whole series, each element from earlier returns only.
  const flat: Record<Exclude<VolModel, 'garch'>, number[]> = { rolling: rollingVariances(returns), ewma: ewmaVariances(returns) };
  const flatJumps = { rolling: jumpVariances(returns, flat.rolling), ewma: jumpVariances(returns, flat.ewma) };
  const constant = constantVariances(returns);
  const logs = closes.map(Math.log);

  // Causal GARCH and Holt: refitted on the trailing window at each refit point, states carried along.
  let garch = fitGarch(returns.slice(0, o.warmup));
  let garchVar = garch.omega / (1 - garch.alpha - garch.beta);
  let holt: HoltParams = fitDampedHolt(logs.slice(0, o.warmup + 1));
  let holtState: HoltState = { level: logs[0]!, trend: 0 };
  const kurtosis: Record<VolModel, number> = { rolling: 0, ewma: 0, garch: 0 };
  // Diffusive GARCH variances and what clipping removed from them (a running sum: the jump part).
  const garchVars = new Array<number>(n + 1);
  let garchExcess = 0;
  const garchJumps = new Array<number>(n + 1);

  // Prefix sums of |close[t] − close[t−h]|: MASE's in-sample scale over the trailing fit window.
  const naiveAbs = Array.from({ length: H }, (_, k) => {
    const h = k + 1;
    const prefix = new Float64Array(closes.length);
    for (let t = 1; t < closes.length; t++) prefix[t] = prefix[t - 1]! + (t >= h ? Math.abs(closes[t]! - closes[t - h]!) : 0);
    return prefix;
  });

  const sums = {
    maseError: { naive: new Array<number>(H).fill(0), 'damped-holt': new Array<number>(H).fill(0) } as Record<PointModel, number[]>,
    maseScale: new Array<number>(H).fill(0),
    vol: Object.fromEntries(VOL_MODELS.map((m) => [m, { c80: 0, c95: 0, c99: 0, pinball: 0, qlike: 0, qlikeCount: 0 }])) as Record<
      VolModel,
      { c80: number; c95: number; c99: number; pinball: number; qlike: number; qlikeCount: number }
    >,
    constantQlike: 0,
    constantCount: 0,
    cells: 0,
  };
  let origins = 0;

  for (let t = 0; t <= lastOrigin; t++) {
    // State at origin t: returns 0..t−1 seen, closes 0..t seen.
    if (t >= o.warmup && (t - o.warmup) % o.refitEvery === 0) {
      const from = Math.max(0, t - o.fitWindow);
      if (t > o.warmup) {
        garch = fitGarch(returns.slice(from, t));
        holt = fitDampedHolt(logs.slice(from, t + 1));
      }
      for (const m of VOL_MODELS) {
        const v = m === 'garch' ? garchVars.slice(from, t) : flat[m].slice(from, t);
        kurtosis[m] = standardisedKurtosis(returns.slice(from, t), v);
      }
    }
    garchVars[t] = garchVar;
    garchJumps[t] = t === 0 ? 0 : garchExcess / t;
    if (t >= o.warmup && (t - o.warmup) % stride === 0) {
      scoreOrigin(t);
      origins++;
    }
    const clipped = clippedSquare(returns[t]!, garchVar);
    garchExcess += returns[t]! * returns[t]! - clipped;
    garchVar = garch.omega + garch.alpha * clipped + garch.beta * garchVar;
    if (t + 1 < logs.length) holtState = holtStep(holtState, logs[t + 1]!, holt);
  }

  function scoreOrigin(t: number): void {
    const price = closes[t]!;
    for (let k = 0; k < H; k++) {
      const h = k + 1;
      const actual = closes[t + h]!;
      const from = Math.max(t - o.fitWindow, h - 1);
      sums.maseScale[k]! += (naiveAbs[k]![t]! - naiveAbs[k]![from]!) / (t - from);
      sums.maseError.naive[k]! += Math.abs(actual - price);
      sums.maseError['damped-holt'][k]! += Math.abs(actual - Math.exp(holtForecast(holtState, holt.phi, h)));
    }
    sums.cells += H;

    const realised = sumSquares(returns, t, t + o.qlikeSteps);
    const constantForecast = constant[t]! * o.qlikeSteps;
    if (realised > 0) {
      sums.constantQlike += qlike(realised, constantForecast);
      sums.constantCount++;
    }
    for (const m of VOL_MODELS) {
      const jump = m === 'garch' ? garchJumps[t]! : flatJumps[m][t]!;
      const steps =
        m === 'garch' ? garchTermStructure(garch, garchVars[t]!, H) : new Array<number>(H).fill(flat[m][t]!);
      const s = sums.vol[m];
      let cumulative = 0;
      for (let k = 0; k < H; k++) {
        cumulative += steps[k]!;
        const sd = Math.sqrt(cumulative);
        const z = (Math.log(closes[t + k + 1]! / price) + cumulative / 2) / sd;
        if (Math.abs(z) <= Z80) s.c80++;
        if (Math.abs(z) <= Z95) s.c95++;
        if (Math.abs(z) <= studentQ995(studentDof(kurtosis[m], k + 1))) s.c99++;
        for (const [tau, edge] of PINBALL_LEVELS) {
          const zq = edge === 'lower95' ? -Z95 : edge === 'lower80' ? -Z80 : edge === 'upper80' ? Z80 : Z95;
          const q = price * Math.exp(-cumulative / 2 + zq * sd);
          s.pinball += pinball(tau, closes[t + k + 1]!, q) / price / PINBALL_LEVELS.length;
        }
      }
      if (realised > 0) {
        const forecast = steps.slice(0, o.qlikeSteps).reduce((a, b) => a + b, 0) + jump * o.qlikeSteps;
        s.qlike += qlike(realised, forecast);
        s.qlikeCount++;
      }
    }
  }

  const vol = Object.fromEntries(
    VOL_MODELS.map((m) => {
      const s = sums.vol[m];
      return [m, { coverage80: s.c80 / sums.cells, coverage95: s.c95 / sums.cells, coverage99: s.c99 / sums.cells, pinball: s.pinball / sums.cells, qlike: s.qlike / s.qlikeCount }];
    }),
  ) as Record<VolModel, VolScore>;
  const pooled = (errors: number[]) => errors.reduce((acc, e, k) => acc + e / sums.maseScale[k]!, 0) / H;
  const mase = { naive: pooled(sums.maseError.naive), 'damped-holt': pooled(sums.maseError['damped-holt']) };
  return {
    origins,
    horizon: H,
    pointModel: mase['damped-holt'] < mase.naive ? 'damped-holt' : 'naive',
    volModel: chooseVolModel(vol),
    mase,
    vol,
    constantQlike: sums.constantQlike / sums.constantCount,
    garch: { omega: garch.omega, alpha: garch.alpha, beta: garch.beta },
  };
}

/** Bands may miss nominal coverage by this much (fraction) and still count as calibrated. */
export const COVERAGE_TOLERANCE = 0.025;

const calibrationError = (s: VolScore) => Math.abs(s.coverage80 - 0.8) + Math.abs(s.coverage95 - 0.95);

/**
 * The volatility model whose bands were calibrated (80 % and 95 % coverage each within the tolerance) and,
 * among those, forecast variance best (lowest QLIKE); if none was calibrated, the least miscalibrated.
 * Calibration comes first because the bands are what the product promises.
 */
export function chooseVolModel(vol: Record<VolModel, VolScore>): VolModel {
  const calibrated = VOL_MODELS.filter(
    (m) => Math.abs(vol[m].coverage80 - 0.8) <= COVERAGE_TOLERANCE && Math.abs(vol[m].coverage95 - 0.95) <= COVERAGE_TOLERANCE,
  );
  if (calibrated.length > 0) return calibrated.reduce((best, m) => (vol[m].qlike < vol[best].qlike ? m : best));
  return VOL_MODELS.reduce((best, m) => (calibrationError(vol[m]) < calibrationError(vol[best]) ? m : best));
}

/** QLIKE (Patton 2011) of a variance forecast against a realised variance: 0 when equal, ≥ 0 always. */
function qlike(realised: number, forecast: number): number {
  const ratio = realised / forecast;
  return ratio - Math.log(ratio) - 1;
}

function sumSquares(xs: readonly number[], from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += xs[i]! * xs[i]!;
  return s;
}
