import { nelderMead } from './nelder-mead';

/**
 * Damped-trend Holt (additive ETS(A,Ad,N)) on log prices: the comparison model that believes in trends.
 * Hand-written rather than a package: it is twenty lines, runs anywhere (edge bundles included), and its
 * parameters are fitted by the same optimiser as GARCH. On a martingale the fit should learn that there is
 * no trend to follow (β → 0, α → 1), and the backtest shows what chasing one costs.
 */
export interface HoltParams {
  alpha: number;
  beta: number;
  phi: number;
}

export interface HoltState {
  level: number;
  trend: number;
}

/** The state after observing `y`. */
export function holtStep(s: HoltState, y: number, p: HoltParams): HoltState {
  const level = p.alpha * y + (1 - p.alpha) * (s.level + p.phi * s.trend);
  return { level, trend: p.beta * (level - s.level) + (1 - p.beta) * p.phi * s.trend };
}

/** Point forecast h steps ahead: level + (φ + φ² + … + φʰ)·trend. */
export function holtForecast(s: HoltState, phi: number, h: number): number {
  const damping = phi === 1 ? h : (phi * (1 - phi ** h)) / (1 - phi);
  return s.level + damping * s.trend;
}

/** Least squares of one-step errors, α ∈ (0, 1], β ∈ [0, α], φ ∈ [0.8, 0.98] (the usual damped range). */
export function fitDampedHolt(y: readonly number[]): HoltParams {
  const sse = ([alpha, beta, phi]: number[]) => {
    if (!(alpha! > 0 && alpha! <= 1 && beta! >= 0 && beta! <= alpha! && phi! >= 0.8 && phi! <= 0.98)) return Infinity;
    const p = { alpha: alpha!, beta: beta!, phi: phi! };
    let sum = 0;
    let state: HoltState = { level: y[0]!, trend: 0 };
    for (let t = 1; t < y.length; t++) {
      const e = y[t]! - holtForecast(state, p.phi, 1);
      sum += e * e;
      state = holtStep(state, y[t]!, p);
    }
    return sum;
  };
  const { x } = nelderMead(sse, [0.8, 0.05, 0.9], { step: [0.1, 0.03, 0.04], maxEvaluations: 300 });
  return { alpha: x[0]!, beta: x[1]!, phi: x[2]! };
}
