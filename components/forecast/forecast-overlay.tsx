'use client';

import { useQuery } from '@tanstack/react-query';
import type { IChartApi, ISeriesApi, UTCTimestamp } from 'lightweight-charts';
import { useEffect, useRef, useState } from 'react';
import type { Forecast, ForecastInterval } from '@/contracts/forecast';
import { useTRPC } from '@/components/trpc/react';
import { errorMessage } from '@/components/ui/format';
import { CHART_HORIZON } from './forecast-horizon';
import { ForecastModelCard } from './model-card';

type Line = 'mean' | 'lower80' | 'upper80' | 'lower95' | 'upper95';
const LINES: { key: Line; color: string; width: 1 | 2; dashed: boolean }[] = [
  { key: 'upper95', color: '#6366f166', width: 1, dashed: false },
  { key: 'lower95', color: '#6366f166', width: 1, dashed: false },
  { key: 'upper80', color: '#6366f1aa', width: 1, dashed: false },
  { key: 'lower80', color: '#6366f1aa', width: 1, dashed: false },
  { key: 'mean', color: '#6366f1', width: 2, dashed: true },
];

/**
 * The forecast toggle under the price chart: when on, it fetches `forecast.get` (refreshed each minute, as
 * the server caches it) and draws the point path and the 80/95 % bands as line series on the chart, with
 * the model card below. Loaded lazily by the chart; its row has a fixed height so nothing shifts.
 */
export function ForecastOverlay({ symbol, interval, chart }: { symbol: string; interval: ForecastInterval; chart: IChartApi | null }) {
  const trpc = useTRPC();
  const [on, setOn] = useState(false);
  const series = useRef<Map<Line, ISeriesApi<'Line'>>>(new Map());
  const { data, error, isFetching } = useQuery({
    ...trpc.forecast.get.queryOptions({ symbol, interval, horizon: CHART_HORIZON[interval] }),
    enabled: on,
    staleTime: 60_000,
    refetchInterval: on ? 60_000 : false,
    retry: false,
  });

  useEffect(() => {
    const lines = series.current;
    if (!chart || !on) return;
    if (!data) {
      // Another interval's path would sit on the wrong time scale until this one's arrives.
      for (const s of lines.values()) s.setData([]);
      return;
    }
    let disposed = false;
    void import('lightweight-charts').then(({ LineSeries, LineStyle }) => {
      if (disposed) return;
      for (const line of LINES) {
        let s = lines.get(line.key);
        if (!s) {
          s = chart.addSeries(LineSeries, {
            color: line.color,
            lineWidth: line.width,
            lineStyle: line.dashed ? LineStyle.Dashed : LineStyle.Solid,
            priceLineVisible: false,
            lastValueVisible: false,
            crosshairMarkerVisible: false,
          });
          lines.set(line.key, s);
        }
        s.setData(toLine(data, line.key));
      }
    });
    return () => {
      disposed = true;
    };
  }, [chart, on, data]);

  // Off, or the chart went away: take the lines down.
  useEffect(() => {
    const lines = series.current;
    if (on && chart) return;
    for (const s of lines.values()) {
      try {
        chart?.removeSeries(s);
      } catch {
        // The chart was already removed with its series.
      }
    }
    lines.clear();
  }, [on, chart]);

  return (
    <div className="mt-2 space-y-2">
      <div className="flex h-7 items-center gap-3 text-sm">
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={on} onChange={(e) => setOn(e.target.checked)} data-testid="forecast-toggle" />
          Forecast bands
        </label>
        {on && (
          <span role="status" className="text-xs text-zinc-500">
            {error ? errorMessage(error) : isFetching && !data ? 'Loading forecast…' : data ? `${data.points.length} steps ahead` : ''}
          </span>
        )}
      </div>
      {on && data && <ForecastModelCard forecast={data} />}
    </div>
  );
}

/** One band edge (or the mean) as chart points. */
function toLine(f: Forecast, key: Line) {
  return f.points.map((p) => ({ time: Math.floor(p.t / 1000) as UTCTimestamp, value: Number(p[key]) }));
}
