'use client';

import type { UTCTimestamp } from 'lightweight-charts';
import { useEffect, useRef } from 'react';

/**
 * The equity curve since the last reset. The charting library loads after the first paint (its chunk is
 * not part of the page's first-load JS); the container keeps its height meanwhile, so nothing shifts.
 */
export function EquityChart({ points }: { points: { ts: string | Date; equity: string }[] }) {
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
      });
      const series = chart.addSeries(LineSeries, { color: '#1f6fd1', lineWidth: 2 });
      // One point per second at most: the chart needs strictly increasing times.
      const byTime = new Map<number, number>();
      for (const p of points) byTime.set(Math.floor(new Date(p.ts).getTime() / 1000), Number(p.equity));
      series.setData([...byTime].sort((a, b) => a[0] - b[0]).map(([time, value]) => ({ time: time as UTCTimestamp, value })));
      chart.timeScale().fitContent();
      remove = () => chart.remove();
    });
    return () => {
      disposed = true;
      remove();
    };
  }, [points]);
  return <div ref={container} className="h-64 w-full" data-testid="equity-chart" />;
}
