/** Two-sided standard normal quantiles for the 80 %, 95 % and 99 % bands (z for 0.9, 0.975, 0.995). */
export const Z80 = 1.2815515655446004;
export const Z95 = 1.959963984540054;
export const Z99 = 2.5758293035489004;

/** Degrees of freedom below which a Student-t has no finite kurtosis; the fitted ν never goes lower. */
const MIN_DOF = 4.5;

/**
 * Degrees of freedom of a Student-t with the excess kurtosis `kurtosis` of a one-step standardised
 * residual, after summing `h` steps: excess kurtosis of a sum of h independent steps is κ/h, and a t
 * with ν > 4 has excess kurtosis 6/(ν − 4). A thin-tailed sample (κ ≤ 0) gives Infinity (the normal).
 */
export function studentDof(kurtosis: number, h: number): number {
  if (!(kurtosis > 0)) return Infinity;
  return Math.max(MIN_DOF, 4 + (6 * h) / kurtosis);
}

/**
 * The 0.995 quantile of a Student-t scaled to unit variance, so it multiplies a standard deviation like
 * a z does. The t quantile is the Cornish–Fisher-type expansion in 1/ν around the normal quantile
 * (Abramowitz & Stegun 26.7.5), within 0.01 of the exact value for ν ≥ 4.5 at this level.
 */
export function studentQ995(dof: number): number {
  if (!Number.isFinite(dof)) return Z99;
  const z = Z99;
  const z2 = z * z;
  const g1 = (z2 * z + z) / 4;
  const g2 = (5 * z2 * z2 * z + 16 * z2 * z + 3 * z) / 96;
  const g3 = (3 * z2 ** 3 * z + 19 * z2 * z2 * z + 17 * z2 * z - 15 * z) / 384;
  const g4 = (79 * z2 ** 4 * z + 776 * z2 ** 3 * z + 1482 * z2 * z2 * z - 1920 * z2 * z - 945 * z) / 92160;
  const t = z + g1 / dof + g2 / dof ** 2 + g3 / dof ** 3 + g4 / dof ** 4;
  return t * Math.sqrt((dof - 2) / dof);
}

/** Sample excess kurtosis of residuals standardised by their forecast variances (mean taken as 0). */
export function standardisedKurtosis(returns: readonly number[], variances: readonly number[]): number {
  let m2 = 0;
  let m4 = 0;
  for (let t = 0; t < returns.length; t++) {
    const z2 = (returns[t]! * returns[t]!) / variances[t]!;
    m2 += z2;
    m4 += z2 * z2;
  }
  m2 /= returns.length;
  m4 /= returns.length;
  return m4 / (m2 * m2) - 3;
}
