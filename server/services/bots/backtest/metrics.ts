import { Money } from '@/server/services/trading/money';
import type { BacktestMetrics } from '@/contracts/bots';

/** Minutes in a 365-day year: markets are 24/7, so N = 525,600 / interval minutes bars a year. */
export const MINUTES_PER_YEAR = 525_600;

export interface MetricInputs {
  /** Marked equity at every bar close (floats: ratios only, the ledger stays exact). */
  equity: ArrayLike<number>;
  initialCash: Money;
  finalEquity: Money;
  /** Net PnL of each closed round trip, exact. */
  tradePnl: Money[];
  barsInPosition: number;
  intervalMinutes: number;
  /** Calendar span covered: first bar's open to last bar's close, ms. */
  spanMs: number;
}

/** Per-bar simple returns of the marked equity, starting from the initial cash (r₀ = e₀ / initial − 1). */
export function barReturns(equity: ArrayLike<number>, initial: number): Float64Array {
  const r = new Float64Array(equity.length);
  let prev = initial;
  for (let i = 0; i < equity.length; i++) {
    const e = equity[i]!;
    r[i] = e / prev - 1;
    prev = e;
  }
  return r;
}

/** mean(r) / sd(r) · √N with the sample standard deviation; null when undefined (fewer than 2 returns, sd 0). */
export function sharpeRatio(r: ArrayLike<number>, barsPerYear: number): number | null {
  const n = r.length;
  if (n < 2) return null;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += r[i]!;
  const mean = sum / n;
  let sq = 0;
  for (let i = 0; i < n; i++) sq += (r[i]! - mean) ** 2;
  const sd = Math.sqrt(sq / (n - 1));
  return sd === 0 ? null : (mean / sd) * Math.sqrt(barsPerYear);
}

/** mean(r) / √mean(min(r, 0)²) · √N; null when no bar lost (no downside to divide by). */
export function sortinoRatio(r: ArrayLike<number>, barsPerYear: number): number | null {
  const n = r.length;
  if (n === 0) return null;
  let sum = 0;
  let downside = 0;
  for (let i = 0; i < n; i++) {
    const x = r[i]!;
    sum += x;
    if (x < 0) downside += x * x;
  }
  if (downside === 0) return null;
  return (sum / n / Math.sqrt(downside / n)) * Math.sqrt(barsPerYear);
}

/** max over bars of 1 − equity / running peak, the peak starting at the initial cash. */
export function maxDrawdown(equity: ArrayLike<number>, initial: number): number {
  let peak = initial;
  let worst = 0;
  for (let i = 0; i < equity.length; i++) {
    const e = equity[i]!;
    if (e > peak) peak = e;
    else if (1 - e / peak > worst) worst = 1 - e / peak;
  }
  return worst;
}

/** (final / initial)^(1 / years) − 1 over the calendar span; −1 when everything was lost. */
export function cagr(initial: number, final: number, spanMs: number): number | null {
  const years = spanMs / (MINUTES_PER_YEAR * 60_000);
  if (years <= 0) return null;
  if (final <= 0) return -1;
  return Math.pow(final / initial, 1 / years) - 1;
}

/** Gross win / gross loss over closed trades; null without a losing trade. */
export function profitFactor(pnl: Money[]): Money | null {
  let win = new Money(0);
  let loss = new Money(0);
  for (const p of pnl) {
    if (p.isPositive() && !p.isZero()) win = win.plus(p);
    else if (p.isNegative()) loss = loss.minus(p);
  }
  return loss.isZero() ? null : win.div(loss);
}

const ratio = (x: number | null) => (x === null || !Number.isFinite(x) ? null : new Money(x).toDecimalPlaces(10).toFixed());
const exact = (x: Money) => x.toDecimalPlaces(10).toFixed();

/** Every metric of PRODUCT.md §6, as decimal strings (null where the figure is undefined). */
export function computeMetrics(m: MetricInputs): BacktestMetrics {
  const initial = m.initialCash.toNumber();
  const barsPerYear = MINUTES_PER_YEAR / m.intervalMinutes;
  const r = barReturns(m.equity, initial);
  const growth = cagr(initial, m.finalEquity.toNumber(), m.spanMs);
  const dd = maxDrawdown(m.equity, initial);
  const trades = m.tradePnl.length;
  const wins = m.tradePnl.filter((p) => p.greaterThan(0)).length;
  const pf = profitFactor(m.tradePnl);
  return {
    totalReturn: exact(m.finalEquity.div(m.initialCash).minus(1)),
    cagr: ratio(growth),
    sharpe: ratio(sharpeRatio(r, barsPerYear)),
    sortino: ratio(sortinoRatio(r, barsPerYear)),
    calmar: growth === null || dd === 0 ? null : ratio(growth / dd),
    maxDrawdown: ratio(dd) ?? '0',
    winRate: trades === 0 ? null : exact(new Money(wins).div(trades)),
    profitFactor: pf === null ? null : exact(pf),
    expectancy: trades === 0 ? null : exact(m.tradePnl.reduce((a, b) => a.plus(b), new Money(0)).div(trades)),
    exposure: m.equity.length === 0 ? '0' : exact(new Money(m.barsInPosition).div(m.equity.length)),
    trades,
  };
}
