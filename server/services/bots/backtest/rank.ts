import type { BacktestMetrics, MetricName } from '@/contracts/bots';

/** Metrics where lower is better; every other metric ranks highest first. */
const LOWER_IS_BETTER: ReadonlySet<MetricName> = new Set(['maxDrawdown']);

/** Sorts best first by `metric`; combinations where the metric is undefined (null) go last, in input order. */
export function rankByMetric<T extends { metrics: BacktestMetrics }>(results: T[], metric: MetricName): T[] {
  const value = (r: T) => {
    const v = r.metrics[metric];
    return v === null ? null : Number(v);
  };
  const sign = LOWER_IS_BETTER.has(metric) ? 1 : -1;
  return results
    .map((r, i) => ({ r, i, v: value(r) }))
    .sort((a, b) => {
      if (a.v === null || b.v === null) return a.v === null ? (b.v === null ? a.i - b.i : 1) : -1;
      return sign * (a.v - b.v) || a.i - b.i;
    })
    .map((x) => x.r);
}
