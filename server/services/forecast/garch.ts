import { nelderMead } from './nelder-mead';
import { clippedSquare } from './jump-clip';

/** GARCH(1,1): σ²ₜ = ω + α·r²ₜ₋₁ + β·σ²ₜ₋₁, with ω > 0, α, β ≥ 0 and α + β < 1 (covariance stationary). */
export interface GarchParams {
  omega: number;
  alpha: number;
  beta: number;
}

export interface GarchFit extends GarchParams {
  /** Gaussian log-likelihood at the optimum (constant term included). */
  logLikelihood: number;
}

const MAX_PERSISTENCE = 0.9999;

/**
 * Fits GARCH(1,1) to (zero-mean) returns by Gaussian maximum likelihood. The returns are first scaled to
 * unit sample variance, so the optimiser works on numbers near 1 whatever the asset's price scale, and ω is
 * scaled back. Nelder–Mead runs twice (a restart from the first optimum), since one run can stall on the
 * flat ridge of α + β near 1.
 */
export function fitGarch(returns: readonly number[]): GarchFit {
  const n = returns.length;
  const variance = returns.reduce((s, r) => s + r * r, 0) / n;
  const scale = Math.sqrt(variance);
  const scaled = returns.map((r) => r / scale);
  const nll = ([omega, alpha, beta]: number[]) => {
    if (!(omega! > 0 && alpha! >= 0 && beta! >= 0 && alpha! + beta! < MAX_PERSISTENCE)) return Infinity;
    return garchNegLogLikelihood(scaled, { omega: omega!, alpha: alpha!, beta: beta! }, 1);
  };
  let best = nelderMead(nll, [0.1, 0.08, 0.82], { step: [0.05, 0.05, 0.05], maxEvaluations: 600 });
  best = nelderMead(nll, best.x, { step: [0.02, 0.02, 0.02], maxEvaluations: 600 });
  const [omega, alpha, beta] = best.x as [number, number, number];
  // Likelihood of the unscaled returns: each term's log σ² shifts by log(scale²).
  const logLikelihood = -(best.value + 0.5 * n * Math.log(variance) + 0.5 * n * Math.log(2 * Math.PI));
  return { omega: omega * variance, alpha, beta, logLikelihood };
}

/**
 * ½·Σ(log σ²ₜ + r²ₜ/σ²ₜ), the recursion started at `initialVariance`, on jump-clipped squares (see
 * jump-clip.ts) in both the likelihood and the recursion: a winsorised Gaussian likelihood, so a few 30σ
 * jumps cannot drag the fit to "no clustering, high variance everywhere".
 */
function garchNegLogLikelihood(returns: readonly number[], p: GarchParams, initialVariance: number): number {
  let v = initialVariance;
  let sum = 0;
  for (const r of returns) {
    const clipped = clippedSquare(r, v);
    sum += Math.log(v) + clipped / v;
    v = p.omega + p.alpha * clipped + p.beta * v;
  }
  return 0.5 * sum;
}

/**
 * One-step-ahead variances: element t is σ² for return t given returns before it; the last element (index
 * returns.length) is the forecast for the next, unseen return. Starts from the long-run variance.
 */
export function garchVariances(returns: readonly number[], p: GarchParams, initialVariance = longRunVariance(p)): number[] {
  const out = new Array<number>(returns.length + 1);
  let v = initialVariance;
  for (let t = 0; t < returns.length; t++) {
    out[t] = v;
    v = p.omega + p.alpha * clippedSquare(returns[t]!, v) + p.beta * v;
  }
  out[returns.length] = v;
  return out;
}

export const longRunVariance = (p: GarchParams) => p.omega / (1 - p.alpha - p.beta);

/** Variance of each of the next `h` returns given the next one's: it decays towards the long-run level. */
export function garchTermStructure(p: GarchParams, nextVariance: number, h: number): number[] {
  const longRun = longRunVariance(p);
  const persistence = p.alpha + p.beta;
  const out = new Array<number>(h);
  let gap = nextVariance - longRun;
  for (let k = 0; k < h; k++) {
    out[k] = longRun + gap;
    gap *= persistence;
  }
  return out;
}
