'use client';

import { createSeriesMarkers, LineSeries, type IChartApi, type ISeriesApi, type ISeriesMarkersPluginApi, type Time, type UTCTimestamp } from 'lightweight-charts';
import { useEffect, useRef, useState } from 'react';
import type { CandleBar } from '@/components/trpc/outputs';
import { bucketStart, type Interval } from './candle-buckets';
import { ema, rsi, sma } from './indicators';
import { formatPrice, priceStep } from './price-format';

/** A fill to mark on the chart: an arrow under the bar for a buy, over it for a sell. */
export interface FillMark {
  id: string;
  ts: number;
  side: 'buy' | 'sell';
  qty: string;
}

const INDICATORS = {
  sma: { label: 'SMA 20', color: '#f59e0b', pane: 0 },
  ema: { label: 'EMA 50', color: '#0ea5e9', pane: 0 },
  rsi: { label: 'RSI 14', color: '#a855f7', pane: 1 },
} as const;
type Indicator = keyof typeof INDICATORS;

const compute: Record<Indicator, (closes: number[]) => number[]> = {
  sma: (c) => sma(c, 20),
  ema: (c) => ema(c, 50),
  rsi: (c) => rsi(c, 14),
};

/**
 * The chart's extras, loaded after first paint with the charting library: SMA/EMA over the candles and RSI
 * in its own pane (each behind a toggle), and the trader's fills as markers. `revision` changes whenever the
 * chart redraws its bars, so the lines follow live ticks.
 */
export function ChartOverlays({
  chart,
  candles,
  bars,
  revision,
  interval,
  pricePrecision,
  fills,
}: {
  chart: IChartApi | null;
  candles: ISeriesApi<'Candlestick'> | null;
  bars: () => readonly CandleBar[];
  revision: number;
  interval: Interval;
  pricePrecision: number;
  fills: readonly FillMark[];
}) {
  const [on, setOn] = useState<Record<Indicator, boolean>>({ sma: false, ema: false, rsi: false });
  const lines = useRef(new Map<Indicator, ISeriesApi<'Line'>>());
  const markers = useRef<ISeriesMarkersPluginApi<Time> | null>(null);

  useEffect(() => {
    if (!chart) return;
    const shown = lines.current;
    const closes = bars().map((b) => +b.c);
    for (const key of Object.keys(INDICATORS) as Indicator[]) {
      let line = shown.get(key);
      if (!on[key]) {
        if (line) chart.removeSeries(line);
        shown.delete(key);
        continue;
      }
      if (!line) {
        const spec = INDICATORS[key];
        line = chart.addSeries(
          LineSeries,
          {
            color: spec.color,
            lineWidth: 2,
            priceLineVisible: false,
            lastValueVisible: true,
            crosshairMarkerVisible: false,
            title: spec.label,
            priceFormat:
              key === 'rsi'
                ? { type: 'price', precision: 0, minMove: 1 }
                : { type: 'custom', formatter: (p: number) => formatPrice(p, pricePrecision), minMove: priceStep(pricePrecision) },
          },
          spec.pane,
        );
        shown.set(key, line);
      }
      const values = compute[key](closes);
      line.setData(
        bars().map((b, i) => {
          const time = (b.t / 1000) as UTCTimestamp;
          return Number.isNaN(values[i]) ? { time } : { time, value: values[i]! };
        }),
      );
    }
  }, [chart, on, revision, bars, pricePrecision]);

  useEffect(() => {
    if (!candles) return;
    const plugin = (markers.current ??= createSeriesMarkers(candles, []));
    const first = bars()[0]?.t ?? Infinity;
    plugin.setMarkers(
      fills
        .map((f) => ({ ...f, t: bucketStart(f.ts, interval) }))
        .filter((f) => f.t >= first)
        .sort((a, b) => a.t - b.t)
        .map((f) => ({
          time: (f.t / 1000) as UTCTimestamp,
          position: f.side === 'buy' ? ('belowBar' as const) : ('aboveBar' as const),
          shape: f.side === 'buy' ? ('arrowUp' as const) : ('arrowDown' as const),
          color: f.side === 'buy' ? '#16a34a' : '#dc2626',
          text: `${f.side === 'buy' ? 'B' : 'S'} ${f.qty}`,
        })),
    );
  }, [candles, fills, interval, revision, bars]);

  // The chart removes its series with itself; a series left from a removed chart must not be touched again.
  useEffect(() => {
    const shown = lines.current;
    return () => {
      shown.clear();
      markers.current = null;
    };
  }, [chart]);

  return (
    <div role="group" aria-label="Indicators" className="mt-2 flex h-7 flex-wrap items-center gap-3 text-sm">
      {(Object.keys(INDICATORS) as Indicator[]).map((key) => (
        <label key={key} className="flex items-center gap-1">
          <input type="checkbox" checked={on[key]} onChange={(e) => setOn((prev) => ({ ...prev, [key]: e.target.checked }))} />
          <span style={{ color: INDICATORS[key].color }} aria-hidden="true">
            ━
          </span>
          {INDICATORS[key].label}
        </label>
      ))}
    </div>
  );
}
