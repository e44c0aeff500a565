'use client';

import { useState } from 'react';
import type { BacktestMetrics, MetricName } from '@/contracts/bots';
import { METRIC_FORMAT } from './metrics-card';

type SweepRow = { params: unknown; metrics: BacktestMetrics };

/** Metric value for sorting; an undefined value (no losing trade…) sorts last either way. */
const sortValue = (m: BacktestMetrics, key: MetricName) => (m[key] === null ? null : Number(m[key]));

/** Every combination the sweep ran, ranked by the server; a column header re-sorts the table. */
export function SweepTable({ rankBy, results }: { rankBy: MetricName; results: SweepRow[] }) {
  const [sort, setSort] = useState<{ key: MetricName | null; desc: boolean }>({ key: null, desc: true });
  const paramNames = [...new Set(results.flatMap((r) => Object.keys((r.params ?? {}) as object)))];
  const rows = results.map((r, rank) => ({ ...r, rank: rank + 1 }));
  if (sort.key) {
    const key = sort.key;
    rows.sort((a, b) => {
      const x = sortValue(a.metrics, key);
      const y = sortValue(b.metrics, key);
      if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
      return sort.desc ? y - x : x - y;
    });
  }
  const toggle = (key: MetricName) => setSort((s) => ({ key, desc: s.key === key ? !s.desc : true }));
  return (
    <section aria-label="Sweep results" className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
      <h2 className="mb-2 font-medium">
        Sweep: {results.length} combinations, ranked by {METRIC_FORMAT[rankBy].label}
      </h2>
      <div className="overflow-x-auto">
        <table data-testid="sweep-results" className="w-full text-left text-sm">
          <thead className="text-zinc-500">
            <tr>
              <th className="py-1 pr-3 font-medium">Rank</th>
              {paramNames.map((p) => (
                <th key={p} className="py-1 pr-3 font-medium">
                  {p}
                </th>
              ))}
              {(Object.keys(METRIC_FORMAT) as MetricName[]).map((m) => (
                <th key={m} className="py-1 pr-3 font-medium" aria-sort={sort.key === m ? (sort.desc ? 'descending' : 'ascending') : undefined}>
                  <button type="button" onClick={() => toggle(m)} className="underline-offset-2 hover:underline">
                    {METRIC_FORMAT[m].label}
                    {sort.key === m ? (sort.desc ? ' ↓' : ' ↑') : ''}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="font-mono tabular-nums">
            {rows.map((r) => (
              <tr key={r.rank} className="border-t border-zinc-200 dark:border-zinc-800">
                <td className="py-1 pr-3">{r.rank}</td>
                {paramNames.map((p) => (
                  <td key={p} className="py-1 pr-3">
                    {String((r.params as Record<string, unknown>)[p] ?? '—')}
                  </td>
                ))}
                {(Object.keys(METRIC_FORMAT) as MetricName[]).map((m) => (
                  <td key={m} className="py-1 pr-3">
                    {METRIC_FORMAT[m].show(r.metrics)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
