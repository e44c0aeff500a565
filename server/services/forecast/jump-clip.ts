/**
 * Returns beyond this many forecast standard deviations update the variance as if they were this size:
 * the simulator's (and real markets') rare jumps are not volatility that persists, and letting one 30σ
 * move into a recursion inflates every band for the next hour. Their risk is priced by the 99 % band's
 * fat tail instead. A normal return passes this with probability 1 − 10⁻¹⁵; a switch from a calm to a turbulent regime (5× the standard deviation) passes it nine times in ten, so the recursion still follows regimes.
 */
export const JUMP_CLIP_SD = 8;

/** r² capped at JUMP_CLIP_SD² times the variance forecast for it. */
export const clippedSquare = (r: number, variance: number) => Math.min(r * r, JUMP_CLIP_SD * JUMP_CLIP_SD * variance);

/**
 * The jump part of the variance, as a constant per step: the mean, over all returns before t, of what
 * clipping removed (r² beyond the clip). Element t goes with return t. Jumps are rare (one in ~2,000 steps
 * here), so their share needs the longest sample. It belongs in a variance forecast (QLIKE scores the whole
 * variance) but not in the 80/95 % bands: over a few dozen steps a jump most likely does not happen, so
 * those quantiles are the diffusion's; the 99 % band's fat tail carries the jumps.
 */
export function jumpVariances(returns: readonly number[], diffusive: readonly number[]): number[] {
  const out = new Array<number>(returns.length + 1);
  let excess = 0;
  for (let t = 0; t <= returns.length; t++) {
    out[t] = t === 0 ? 0 : excess / t;
    if (t < returns.length) excess += returns[t]! * returns[t]! - clippedSquare(returns[t]!, diffusive[t]!);
  }
  return out;
}
