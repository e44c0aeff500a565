'use client';

import { useQuery } from '@tanstack/react-query';
import {
  CandlestickSeries,
  ColorType,
  createChart,
  HistogramSeries,
  type IChartApi,
  type ISeriesApi,
  type UTCTimestamp,
} from 'lightweight-charts';
import { useEffect, useRef, useState } from 'react';
import { useTRPC } from '@/components/trpc/react';
import type { CandleBar } from '@/server/services/market/candle-query';
import type { PriceTick } from '@/server/services/market/price-tick';
import { foldTick, INTERVALS, type Interval } from './candle-buckets';

const toTime = (ms: number) => Math.floor(ms / 1000) as UTCTimestamp;
const toCandle = (b: CandleBar) => ({ time: toTime(b.t), open: +b.o, high: +b.h, low: +b.l, close: +b.c });
const toVolume = (b: CandleBar) => ({ time: toTime(b.t), value: +b.v, color: +b.c >= +b.o ? '#16a34a66' : '#dc262666' });

/** Candles from the store, then moved by live prices over SSE. */
export function PriceChart({ symbol, onPrice }: { symbol: string; onPrice?: (tick: PriceTick) => void }) {
  const trpc = useTRPC();
  const [interval, setInterval] = useState<Interval>('1m');
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<IChartApi | null>(null);
  const candles = useRef<ISeriesApi<'Candlestick'> | null>(null);
  const volume = useRef<ISeriesApi<'Histogram'> | null>(null);
  const lastBar = useRef<CandleBar | undefined>(undefined);
  const onPriceRef = useRef(onPrice);
  useEffect(() => {
    onPriceRef.current = onPrice;
  }, [onPrice]);

  const { data, isPending, isError } = useQuery(trpc.market.candles.queryOptions({ symbol, interval, limit: 1000 }));

  useEffect(() => {
    if (!container.current) return;
    const dark = window.matchMedia('(prefers-color-scheme: dark)').matches;
    chart.current = createChart(container.current, {
      autoSize: true,
      layout: { background: { type: ColorType.Solid, color: 'transparent' }, textColor: dark ? '#d4d4d8' : '#3f3f46' },
      grid: { vertLines: { color: dark ? '#27272a' : '#f4f4f5' }, horzLines: { color: dark ? '#27272a' : '#f4f4f5' } },
      timeScale: { timeVisible: true, secondsVisible: false },
    });
    candles.current = chart.current.addSeries(CandlestickSeries, {
      upColor: '#16a34a',
      downColor: '#dc2626',
      borderVisible: false,
      wickUpColor: '#16a34a',
      wickDownColor: '#dc2626',
    });
    volume.current = chart.current.addSeries(HistogramSeries, { priceFormat: { type: 'volume' }, priceScaleId: '' });
    volume.current.priceScale().applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
    return () => {
      chart.current?.remove();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    if (!data || !candles.current || !volume.current) return;
    candles.current.setData(data.candles.map(toCandle));
    volume.current.setData(data.candles.map(toVolume));
    lastBar.current = data.candles.at(-1);
    chart.current?.timeScale().scrollToRealTime();
  }, [data]);

  useEffect(() => {
    const source = new EventSource(`/api/v1/stream/prices?symbols=${encodeURIComponent(symbol)}`);
    const apply = (tick: PriceTick) => {
      onPriceRef.current?.(tick);
      const bar = foldTick(lastBar.current, tick.price, tick.ts, interval);
      if (!bar || !candles.current) return;
      lastBar.current = bar;
      candles.current.update(toCandle(bar));
    };
    source.addEventListener('price', (e) => apply(JSON.parse((e as MessageEvent).data) as PriceTick));
    source.addEventListener('snapshot', (e) => (JSON.parse((e as MessageEvent).data) as PriceTick[]).forEach(apply));
    return () => source.close();
  }, [symbol, interval]);

  return (
    <section aria-label={`${symbol} price chart`} className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800">
      <div role="group" aria-label="Interval" className="mb-2 flex gap-1">
        {INTERVALS.map((i) => (
          <button
            key={i}
            type="button"
            aria-pressed={i === interval}
            onClick={() => setInterval(i)}
            className={`rounded px-2 py-1 text-sm ${i === interval ? 'bg-brand text-white' : 'border border-zinc-300 dark:border-zinc-700'}`}
          >
            {i}
          </button>
        ))}
        <span className="ml-auto text-xs text-zinc-500" role="status">
          {isPending ? 'Loading candles…' : isError ? 'Could not load candles' : `${data?.candles.length ?? 0} candles`}
        </span>
      </div>
      <div ref={container} data-testid="price-chart" className="h-80 w-full sm:h-96" />
    </section>
  );
}
