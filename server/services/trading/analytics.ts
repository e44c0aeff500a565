/**
 * Performance figures from the equity curve. These are statistics, not ledger amounts, so they are
 * computed in floating point; the curve itself stays exact.
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
  /** Why Sharpe and Sortino are null when they are (too short a history to annualise honestly), else null. */
  ratiosNote: string | null;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const YEAR_MS = 365.25 * DAY_MS;
/** Annualising minutes of returns turns noise into a Sharpe of 120; below a week the ratios say nothing. */
export const MIN_RATIO_SPAN_MS = 7 * DAY_MS;

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

function spanText(ms: number): string {
  if (ms < HOUR_MS) return `${Math.max(1, Math.round(ms / 60_000))} min`;
  if (ms < DAY_MS) return `${Math.round(ms / HOUR_MS)} h`;
  return `${(ms / DAY_MS).toFixed(1)} days`;
}

/**
 * The curve must start at the reset (the initial cash) and end now, with no deposits or withdrawals between:
 * then the time-weighted return is the chained product of period returns, which telescopes to last / first − 1
 * — computed that way so its sign is always the sign of the P&L, free of rounding drift.
 */
export function performance(curve: EquityPoint[]): Performance {
  const base: Performance = {
    points: curve.length,
    maxDrawdown: maxDrawdown(curve),
    sharpe: null,
    sortino: null,
    timeWeightedReturn: null,
    ratiosNote: null,
  };
  if (curve.length < 2) {
    base.ratiosNote = 'Needs at least 7 days of history';
    return base;
  }
  const first = curve[0]!;
  const last = curve[curve.length - 1]!;
  if (first.equity > 0) base.timeWeightedReturn = last.equity / first.equity - 1;
  const span = last.ts - first.ts;
  if (span < MIN_RATIO_SPAN_MS) {
    base.ratiosNote = `Needs at least 7 days of history (${spanText(span)} so far)`;
    return base;
  }
  const returns = periodReturns(curve);
  if (returns.length < 2) return base;
  const m = mean(returns);
  const annual = Math.sqrt(periodsPerYear(curve));
  const std = Math.sqrt(returns.reduce((a, r) => a + (r - m) ** 2, 0) / (returns.length - 1));
  const downside = Math.sqrt(mean(returns.map((r) => Math.min(r, 0) ** 2)));
  base.sharpe = std > 0 ? (m / std) * annual : null;
  base.sortino = downside > 0 ? (m / downside) * annual : null;
  if (base.sortino === null && base.sharpe !== null) base.ratiosNote = 'Sortino needs at least one losing period';
  return base;
}
