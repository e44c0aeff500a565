import type { BacktestMetrics, MetricName } from '@/contracts/bots';
import { groupDecimal } from '@/components/ui/format';

const pct = (v: string | null) => (v === null ? '—' : `${(Number(v) * 100).toFixed(2)} %`);
const ratio = (v: string | null) => (v === null ? '—' : Number(v).toFixed(2));
const money = (v: string | null) => (v === null ? '—' : groupDecimal(Number(v).toFixed(2)));

/** How each metric reads: ratios of equity as percentages, ratios of returns to two places, PnL in quote currency. */
export const METRIC_FORMAT: Record<MetricName, { label: string; show: (m: BacktestMetrics) => string }> = {
  totalReturn: { label: 'Total return', show: (m) => pct(m.totalReturn) },
  cagr: { label: 'CAGR', show: (m) => pct(m.cagr) },
  sharpe: { label: 'Sharpe', show: (m) => ratio(m.sharpe) },
  sortino: { label: 'Sortino', show: (m) => ratio(m.sortino) },
  calmar: { label: 'Calmar', show: (m) => ratio(m.calmar) },
  maxDrawdown: { label: 'Max drawdown', show: (m) => pct(m.maxDrawdown) },
  winRate: { label: 'Win rate', show: (m) => pct(m.winRate) },
  profitFactor: { label: 'Profit factor', show: (m) => ratio(m.profitFactor) },
  expectancy: { label: 'Expectancy', show: (m) => money(m.expectancy) },
  exposure: { label: 'Exposure', show: (m) => pct(m.exposure) },
  trades: { label: 'Trades', show: (m) => String(m.trades) },
};

export function MetricsCard({ metrics }: { metrics: BacktestMetrics }) {
  return (
    <section aria-label="Metrics" className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
      <h2 className="mb-3 font-medium">Metrics</h2>
      <dl data-testid="backtest-metrics" className="grid grid-cols-2 gap-x-4 gap-y-2 text-sm sm:grid-cols-4">
        {(Object.keys(METRIC_FORMAT) as MetricName[]).map((name) => (
          <div key={name}>
            <dt className="text-zinc-500">{METRIC_FORMAT[name].label}</dt>
            <dd className="font-mono tabular-nums">{METRIC_FORMAT[name].show(metrics)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
