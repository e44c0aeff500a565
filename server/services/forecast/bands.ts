import type { BandScale } from './band-calibration';
import { studentDof, studentQ995, Z80, Z95, Z99 } from './quantiles';

/** One forecast step: the point forecast and the band edges, in price units. */
export interface BandPoint {
  /** Steps ahead (1 = the next bucket). */
  step: number;
  mean: number;
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
  lower99: number;
  upper99: number;
}

/**
 * Log-normal bands around the last price. Log price h steps ahead ~ N(log P − Vₕ/2, Vₕ), Vₕ the summed
 * variance of the next h returns: the −Vₕ/2 keeps the expected price at P (a martingale), so the point
 * forecast is the last price. 80 % and 95 % use normal quantiles; 99 % a unit-variance Student-t whose
 * tails thin with h (`studentDof`), because one-step returns carry jumps that the normal would miss.
 * `mean` may be replaced by another model's point (the trend model) — the bands stay the price's.
 * With `scale` (the symbol's backtest calibration) the three quantiles are the normal ones times its
 * multipliers instead, the 99 % one included.
 */
export function logNormalBands(
  lastPrice: number,
  stepVariances: readonly number[],
  opts: { kurtosis: number; mean?: (step: number) => number; scale?: BandScale },
): BandPoint[] {
  const out: BandPoint[] = [];
  let cumulative = 0;
  for (let i = 0; i < stepVariances.length; i++) {
    const step = i + 1;
    cumulative += stepVariances[i]!;
    const sd = Math.sqrt(cumulative);
    const centre = Math.log(lastPrice) - cumulative / 2;
    const q80 = Z80 * (opts.scale?.k80 ?? 1);
    const q95 = Z95 * (opts.scale?.k95 ?? 1);
    const q99 = opts.scale ? Z99 * opts.scale.k99 : studentQ995(studentDof(opts.kurtosis, step));
    out.push({
      step,
      mean: opts.mean?.(step) ?? lastPrice,
      lower80: Math.exp(centre - q80 * sd),
      upper80: Math.exp(centre + q80 * sd),
      lower95: Math.exp(centre - q95 * sd),
      upper95: Math.exp(centre + q95 * sd),
      lower99: Math.exp(centre - q99 * sd),
      upper99: Math.exp(centre + q99 * sd),
    });
  }
  return out;
}
