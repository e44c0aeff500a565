import { fitDampedHolt, holtForecast, holtStep, type HoltParams, type HoltState } from './damped-holt';
import { fitGarch, garchTermStructure, type GarchParams } from './garch';
import { addCell, bandCells, calibrateBands, scoreBands, UNCALIBRATED, type BandCells, type BandScale } from './band-calibration';
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
  /** Coverage of the calibrated bands on the later ¾ of the origins, widths from earlier origins only. */
  coverage80: number;
  coverage95: number;
  coverage99: number;
  /** The same for plain normal-quantile bands, over all origins: what calibration corrects. */
  normalCoverage80: number;
  normalCoverage95: number;
  /** Mean pinball loss of the calibrated band edges (quantiles 0.025, 0.1, 0.9, 0.975), fraction of the price. */
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
  /** Band widths per volatility model, calibrated on all origins: the service applies them. */
  bands: Record<VolModel, BandScale>;
  /** GARCH parameters of the last refit: the service reuses them. */
  garch: GarchParams;
}

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
    vol: Object.fromEntries(VOL_MODELS.map((m) => [m, { qlike: 0, qlikeCount: 0 }])) as Record<VolModel, { qlike: number; qlikeCount: number }>,
    constantQlike: 0,
    constantCount: 0,
  };
  let origins = 0;
  const cellCapacity = (Math.floor((lastOrigin - o.warmup) / stride) + 1) * H;
  const cells = Object.fromEntries(VOL_MODELS.map((m) => [m, bandCells(cellCapacity)])) as Record<VolModel, BandCells>;

  for (let t = 0; t <= lastOrigin; t++) {
    // State at origin t: returns 0..t−1 seen, closes 0..t seen.
    if (t >= o.warmup && (t - o.warmup) % o.refitEvery === 0) {
      const from = Math.max(0, t - o.fitWindow);
      if (t > o.warmup) {
        garch = fitGarch(returns.slice(from, t));
        holt = fitDampedHolt(logs.slice(from, t + 1));
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
        addCell(cells[m], Math.log(closes[t + k + 1]! / price), cumulative);
      }
      if (realised > 0) {
        const forecast = steps.slice(0, o.qlikeSteps).reduce((a, b) => a + b, 0) + jump * o.qlikeSteps;
        s.qlike += qlike(realised, forecast);
        s.qlikeCount++;
      }
    }
  }

  // Band widths are calibrated on earlier origins only and scored on later ones (conformal on an expanding
  // window, in CALIBRATION_BLOCKS blocks: block b is scored with widths from blocks before it, less the
  // origins whose outcomes reach into block b), so the coverage reported is out of sample. The widths the
  // service uses come from all origins.
  const blockCells = (b: number) => Math.floor((origins * b) / CALIBRATION_BLOCKS) * H;
  const embargo = Math.ceil(H / stride) * H;
  const outOfSample = (c: BandCells) => {
    const totals = { coverage80: 0, coverage95: 0, coverage99: 0, pinball: 0 };
    const scored = c.count - blockCells(1);
    for (let b = 1; b < CALIBRATION_BLOCKS; b++) {
      const [from, to] = [blockCells(b), b + 1 === CALIBRATION_BLOCKS ? c.count : blockCells(b + 1)];
      const block = scoreBands(c, from, to, calibrateBands(c, 0, Math.max(H, from - embargo)));
      for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += (block[key] * (to - from)) / scored;
    }
    return totals;
  };
  const vol = Object.fromEntries(
    VOL_MODELS.map((m) => {
      const c = cells[m];
      const normal = scoreBands(c, 0, c.count, UNCALIBRATED);
      const score: VolScore = {
        ...outOfSample(c),
        normalCoverage80: normal.coverage80,
        normalCoverage95: normal.coverage95,
        qlike: sums.vol[m].qlike / sums.vol[m].qlikeCount,
      };
      return [m, score];
    }),
  ) as Record<VolModel, VolScore>;
  const bands = Object.fromEntries(VOL_MODELS.map((m) => [m, calibrateBands(cells[m], 0, cells[m].count)])) as Record<VolModel, BandScale>;
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
    bands,
    garch: { omega: garch.omega, alpha: garch.alpha, beta: garch.beta },
  };
}

/** Blocks of origins for the out-of-sample band scoring: the first calibrates only, the rest are scored. */
const CALIBRATION_BLOCKS = 4;

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
