'use client';

import type { UTCTimestamp } from 'lightweight-charts';
import { useEffect, useRef } from 'react';

export interface ChartLine {
  name: string;
  color: string;
  /** Oldest first; `t` in epoch ms. */
  points: { t: number; value: number }[];
}

/**
 * Lines over time, in one pane. The charting library loads after the first paint (its chunk is not part of
 * the page's first-load JS); the container keeps its height meanwhile, so nothing shifts.
 */
export function LineChart({ lines, testId, label, percent = false }: { lines: ChartLine[]; testId: string; label: string; percent?: boolean }) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let disposed = false;
    let remove = () => {};
    void import('lightweight-charts').then(({ ColorType, createChart, LineSeries }) => {
      if (disposed || !container.current) return;
      const dark = window.matchMedia('(prefers-color-scheme: dark)').matches;
      const chart = createChart(container.current, {
        autoSize: true,
        layout: { background: { type: ColorType.Solid, color: 'transparent' }, textColor: dark ? '#d4d4d8' : '#3f3f46' },
        grid: { vertLines: { visible: false }, horzLines: { color: dark ? '#27272a' : '#f4f4f5' } },
        timeScale: { timeVisible: true },
        localization: percent ? { priceFormatter: (v: number) => `${(v * 100).toFixed(1)} %` } : undefined,
      });
      for (const line of lines) {
        const series = chart.addSeries(LineSeries, { color: line.color, lineWidth: 2, title: line.name });
        // The chart needs strictly increasing times: one point per second at most.
        const bySecond = new Map<number, number>();
        for (const p of line.points) bySecond.set(Math.floor(p.t / 1000), p.value);
        series.setData([...bySecond].sort((a, b) => a[0] - b[0]).map(([time, value]) => ({ time: time as UTCTimestamp, value })));
      }
      chart.timeScale().fitContent();
      remove = () => chart.remove();
    });
    return () => {
      disposed = true;
      remove();
    };
  }, [lines, percent]);
  return (
    <figure className="space-y-1">
      <figcaption className="flex flex-wrap gap-3 text-xs text-zinc-500">
        <span className="font-medium text-zinc-700 dark:text-zinc-300">{label}</span>
        {lines.length > 1 &&
          lines.map((l) => (
          <span key={l.name} className="flex items-center gap-1">
            <span aria-hidden className="inline-block h-0.5 w-4" style={{ background: l.color }} />
            {l.name}
          </span>
        ))}
      </figcaption>
      <div ref={container} className="h-64 w-full" data-testid={testId} role="img" aria-label={label} />
    </figure>
  );
}
