import { Z80, Z95, Z99 } from './quantiles';

/** Multipliers of the normal quantiles Z80, Z95 and Z99 that make the bands cover what they say. */
export interface BandScale {
  k80: number;
  k95: number;
  k99: number;
}

export const UNCALIBRATED: BandScale = { k80: 1, k95: 1, k99: 1 };

/**
 * Scored band cells of one model, in origin order: for each (origin, step) the log return from the origin
 * to the step and the forecast variance of it. Enough to score any band width after the fact.
 */
export interface BandCells {
  logReturn: Float64Array;
  variance: Float64Array;
  count: number;
}

export function bandCells(capacity: number): BandCells {
  return { logReturn: new Float64Array(capacity), variance: new Float64Array(capacity), count: 0 };
}

export function addCell(cells: BandCells, logReturn: number, variance: number): void {
  cells.logReturn[cells.count] = logReturn;
  cells.variance[cells.count] = variance;
  cells.count++;
}

/** |standardised error| of a cell: the log return centred on the log-normal median, in forecast SDs. */
const absZ = (c: BandCells, i: number) => Math.abs((c.logReturn[i]! + c.variance[i]! / 2) / Math.sqrt(c.variance[i]!));

function quantile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

/**
 * Split-conformal widths: the empirical 80/95/99 % quantiles of |z| over cells [from, to), as multiples of
 * the normal quantiles. Regime switches and estimation noise make standardised errors fatter-tailed than
 * normal; this measures by how much on the symbol's own history instead of assuming it.
 */
export function calibrateBands(cells: BandCells, from: number, to: number): BandScale {
  const z = new Float64Array(to - from);
  for (let i = from; i < to; i++) z[i - from] = absZ(cells, i);
  z.sort();
  return { k80: quantile(z, 0.8) / Z80, k95: quantile(z, 0.95) / Z95, k99: quantile(z, 0.99) / Z99 };
}

const PINBALL_LEVELS = [
  [0.025, -1, 'k95'],
  [0.1, -1, 'k80'],
  [0.9, 1, 'k80'],
  [0.975, 1, 'k95'],
] as const;
const Z_OF = { k80: Z80, k95: Z95 } as const;

/** Coverage of the 80/95/99 % bands scaled by `scale` over cells [from, to), and their mean pinball loss (fraction of price). */
export function scoreBands(cells: BandCells, from: number, to: number, scale: BandScale) {
  let c80 = 0;
  let c95 = 0;
  let c99 = 0;
  let loss = 0;
  for (let i = from; i < to; i++) {
    const z = absZ(cells, i);
    if (z <= Z80 * scale.k80) c80++;
    if (z <= Z95 * scale.k95) c95++;
    if (z <= Z99 * scale.k99) c99++;
    const v = cells.variance[i]!;
    const actual = Math.exp(cells.logReturn[i]!);
    for (const [tau, sign, k] of PINBALL_LEVELS) {
      const q = Math.exp(-v / 2 + sign * Z_OF[k] * scale[k] * Math.sqrt(v));
      loss += (actual >= q ? tau * (actual - q) : (1 - tau) * (q - actual)) / PINBALL_LEVELS.length;
    }
  }
  const n = to - from;
  return { coverage80: c80 / n, coverage95: c95 / n, coverage99: c99 / n, pinball: loss / n };
}
