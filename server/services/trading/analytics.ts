/**
 * Performance figures from the equity curve. These are statistics, not ledger amounts, so they are
 * computed in floating point; the curve itself stays exact. Between resets there are no deposits or
 * withdrawals, so the time-weighted return is the chained product of period returns.
 */
export interface EquityPoint {
  ts: number;
  equity: number;
}

export interface Performance {
  points: number;
  maxDrawdown: number | null;
  sharpe: number | null;
  sortino: number | null;
  timeWeightedReturn: number | null;
}

const YEAR_MS = 365.25 * 24 * 3600 * 1000;

export function maxDrawdown(curve: EquityPoint[]): number | null {
  if (curve.length < 2) return null;
  let peak = curve[0]!.equity;
  let worst = 0;
  for (const { equity } of curve) {
    peak = Math.max(peak, equity);
    if (peak > 0) worst = Math.max(worst, (peak - equity) / peak);
  }
  return worst;
}

function periodReturns(curve: EquityPoint[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < curve.length; i++) {
    const prev = curve[i - 1]!.equity;
    if (prev > 0) out.push(curve[i]!.equity / prev - 1);
  }
  return out;
}

/** Periods per year from the median spacing of the snapshots, so ratios annualise whatever the schedule. */
function periodsPerYear(curve: EquityPoint[]): number {
  const gaps = curve
    .slice(1)
    .map((p, i) => p.ts - curve[i]!.ts)
    .filter((g) => g > 0)
    .sort((a, b) => a - b);
  const median = gaps[Math.floor(gaps.length / 2)];
  return median ? YEAR_MS / median : 0;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

export function performance(curve: EquityPoint[]): Performance {
  const returns = periodReturns(curve);
  const base: Performance = { points: curve.length, maxDrawdown: maxDrawdown(curve), sharpe: null, sortino: null, timeWeightedReturn: null };
  if (returns.length === 0) return base;
  base.timeWeightedReturn = returns.reduce((acc, r) => acc * (1 + r), 1) - 1;
  if (returns.length < 2) return base;
  const m = mean(returns);
  const annual = Math.sqrt(periodsPerYear(curve));
  const std = Math.sqrt(returns.reduce((a, r) => a + (r - m) ** 2, 0) / (returns.length - 1));
  const downside = Math.sqrt(mean(returns.map((r) => Math.min(r, 0) ** 2)));
  base.sharpe = std > 0 ? (m / std) * annual : null;
  base.sortino = downside > 0 ? (m / downside) * annual : null;
  return base;
}
