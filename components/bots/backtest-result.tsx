'use client';

import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTRPC } from '@/components/trpc/react';
import { groupDecimal, utcDateTime } from '@/components/ui/format';
import { INTERVAL_MINUTES, type BacktestView } from '@/contracts/bots';
import { CANDLE_LIMIT_MAX } from '@/contracts/market';
import { buyAndHoldCurve, comparisonInterval, drawdownCurve } from './curves';
import { LineChart } from './line-chart';
import { MetricsCard } from './metrics-card';
import { SweepTable } from './sweep-table';

/** Trades listed at most; the metrics count them all. */
const SHOWN_TRADES = 200;
/** The buy-and-hold line reads two pages of candles at most. */
const COMPARISON_PAGES = 2;

/** Candles for the buy-and-hold line: the backtest's interval when the range fits in two pages, else coarser. */
function useComparisonBars(run: BacktestView) {
  const trpc = useTRPC();
  const from = Date.parse(run.from);
  const to = Date.parse(run.to);
  const interval = comparisonInterval(run.interval, to - from, CANDLE_LIMIT_MAX * COMPARISON_PAGES);
  const step = INTERVAL_MINUTES[interval] * 60_000;
  const split = Math.min(to - 1, from + CANDLE_LIMIT_MAX * step - 1);
  const base = { symbol: run.symbol, interval, limit: CANDLE_LIMIT_MAX };
  const first = useQuery({ ...trpc.market.candles.queryOptions({ ...base, from, to: split }), staleTime: Infinity });
  const second = useQuery({
    ...trpc.market.candles.queryOptions({ ...base, from: split + 1, to: to - 1 }),
    enabled: split + 1 < to,
    staleTime: Infinity,
  });
  return useMemo(
    () => [...(first.data?.candles ?? []), ...(second.data?.candles ?? [])].filter((b) => b.t >= from && b.t < to),
    [first.data, second.data, from, to],
  );
}

/** A finished backtest: equity against buy-and-hold, drawdown, metrics, trades, and a sweep's ranking. */
export function BacktestResult({ run }: { run: BacktestView }) {
  const bars = useComparisonBars(run);
  const equityLines = useMemo(
    () => [
      { name: 'Strategy', color: '#1f6fd1', points: run.equity.map((p) => ({ t: p.t, value: Number(p.equity) })) },
      { name: 'Buy and hold', color: '#a1a1aa', points: buyAndHoldCurve(run.equity, bars, run.initialCash) },
    ],
    [run, bars],
  );
  const drawdownLines = useMemo(() => [{ name: 'Drawdown', color: '#dc2626', points: drawdownCurve(run.equity, run.initialCash) }], [run]);
  const trades = run.trades.slice(-SHOWN_TRADES).reverse();
  return (
    <div className="space-y-4">
      {run.metrics && <MetricsCard metrics={run.metrics} />}
      <section aria-label="Equity" className="space-y-4 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
        <LineChart lines={equityLines} testId="backtest-equity-chart" label={`Equity (${run.symbol} ${run.interval}, ${run.bars ?? 0} bars)`} />
        <LineChart lines={drawdownLines} testId="backtest-drawdown-chart" label="Drawdown" percent />
      </section>
      {run.sweep && <SweepTable rankBy={run.sweep.rankBy} results={run.sweep.results} />}
      <section aria-label="Trades" className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
        <h2 className="mb-2 font-medium">
          Trades{run.sweep ? ' of the best combination' : ''}
          {run.metrics && run.metrics.trades > trades.length ? ` (latest ${trades.length} of ${run.metrics.trades})` : ''}
        </h2>
        {trades.length === 0 ? (
          <p className="text-sm text-zinc-500">No round trip closed in this range.</p>
        ) : (
          <div className="max-h-96 overflow-auto">
            <table data-testid="backtest-trades" className="w-full text-left text-sm">
              <thead className="text-zinc-500">
                <tr>
                  {['Entry', 'Exit', 'Qty', 'Entry price', 'Exit price', 'PnL', 'Fees'].map((h) => (
                    <th key={h} className="py-1 pr-3 font-medium">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="font-mono tabular-nums">
                {trades.map((t) => (
                  <tr key={`${t.entryT}-${t.exitT}`} className="border-t border-zinc-200 dark:border-zinc-800">
                    <td className="py-1 pr-3">{utcDateTime(t.entryT)}</td>
                    <td className="py-1 pr-3">{utcDateTime(t.exitT)}</td>
                    <td className="py-1 pr-3">{groupDecimal(t.qty)}</td>
                    <td className="py-1 pr-3">{groupDecimal(t.entryPrice)}</td>
                    <td className="py-1 pr-3">{groupDecimal(t.exitPrice)}</td>
                    <td className={`py-1 pr-3 ${Number(t.pnl) >= 0 ? 'text-up' : 'text-down'}`}>{groupDecimal(Number(t.pnl).toFixed(2))}</td>
                    <td className="py-1 pr-3">{groupDecimal(Number(t.fees).toFixed(2))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
