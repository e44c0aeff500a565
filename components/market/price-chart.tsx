'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { IChartApi, ISeriesApi, TickMarkFormatter, UTCTimestamp } from 'lightweight-charts';
import dynamic from 'next/dynamic';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CandleBar, PriceTick } from '@/components/trpc/outputs';
import { useTRPC } from '@/components/trpc/react';
import { foldTick, INTERVALS, type Interval } from './candle-buckets';
import type { FillMark } from './chart-overlays';
import { formatPrice, priceStep } from './price-format';
import { edgeLabels, priceAtClick, type EdgeLabel } from './price-line-edges';
import { subscribePrices } from './price-stream';

/** The forecast toggle, bands and model card load after first paint; the placeholder keeps their row's height. */
const ForecastOverlay = dynamic(() => import('@/components/forecast/forecast-overlay').then((m) => m.ForecastOverlay), {
  ssr: false,
  loading: () => <div className="mt-2 h-7" />,
});

/** Indicator toggles and fill markers load with the charting library, after first paint; same fixed row. */
const ChartOverlays = dynamic(() => import('./chart-overlays').then((m) => m.ChartOverlays), {
  ssr: false,
  loading: () => <div className="mt-2 h-7" />,
});

/** A horizontal line at a price: an open order's limit or stop, the position's average entry. */
export interface PriceLine {
  id: string;
  price: string;
  title: string;
  color: string;
}

/** Candles per request: the first screen, and each step further back in history. */
const PAGE = 1000;
/** Fetch the previous page when the view comes within this many bars of the oldest one. */
const PREFETCH_BARS = 50;
/**
 * The chart redraws, and `onPrice` hears the latest price, at most this often. Each redraw repaints every
 * visible bar (over a thousand when zoomed out), so drawing every tick of a busy symbol would keep the main
 * thread busy; ticks in between fold into the bars at once and show at the next draw.
 */
const DRAW_EVERY_MS = 250;

/** Time-axis label formats by the library's TickMarkType (year, month, day of month, time, time with seconds). */
const TICK_FORMATS: Intl.DateTimeFormatOptions[] = [
  { year: 'numeric' },
  { month: 'short' },
  { day: 'numeric' },
  { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' },
];
const tickFormatters = new Map<string, Intl.DateTimeFormat>();
/**
 * The library's default labels each tick mark with `Date#toLocaleString(locale, options)`, which builds a
 * new Intl formatter per label (~50 ms of the asset page's load in a profile); these are built once.
 */
const formatTickMark: TickMarkFormatter = (time, type, locale) => {
  if (typeof time !== 'number' || !TICK_FORMATS[type]) return null;
  const key = `${locale}:${type}`;
  let formatter = tickFormatters.get(key);
  // The viewer's own time zone: candle times are instants, and a trader reads them on their clock.
  if (!formatter) tickFormatters.set(key, (formatter = new Intl.DateTimeFormat(locale, TICK_FORMATS[type])));
  return formatter.format(time * 1000);
};

/**
 * Bars shown when an interval opens: about two hours of 1m bars, a day of 5m, a week of 1h, three months of
 * 1d. Fewer stored bars than that (a young history) fill the width instead of huddling at the right.
 */
const DEFAULT_VIEW_BARS: Record<Interval, number> = { '1m': 120, '5m': 288, '1h': 168, '1d': 90 };
/**
 * Empty bars kept right of the newest one, as TradingView does: the newest bar's fill marker label and the
 * last-price tag stay inside the pane instead of being cut at its right edge.
 */
const RIGHT_OFFSET_BARS = 6;

const toTime = (ms: number) => Math.floor(ms / 1000) as UTCTimestamp;
const toCandle = (b: CandleBar) => ({ time: toTime(b.t), open: +b.o, high: +b.h, low: +b.l, close: +b.c });
const toVolume = (b: CandleBar) => ({ time: toTime(b.t), value: +b.v, color: +b.c >= +b.o ? '#16a34a66' : '#dc262666' });

/** What the chart holds: every bar shown (oldest first) and whether older history remains to fetch. */
interface History {
  key: string;
  bars: CandleBar[];
  loading: boolean;
  exhausted: boolean;
}

/**
 * Candles from the store, then moved by live prices over SSE; scrolling back fetches older candles.
 * The charting library loads after the first paint (its chunk is not part of the page's first-load JS);
 * the container keeps its height meanwhile, so nothing shifts.
 */
const NO_LINES: readonly PriceLine[] = [];
const NO_FILLS: readonly FillMark[] = [];

const crosshairTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' });
/** A daily bar is a UTC day: its date, read in UTC (local time would put it on the day before west of Greenwich). */
const crosshairDay = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

export function PriceChart({
  symbol,
  pricePrecision,
  onPrice,
  priceLines = NO_LINES,
  fills = NO_FILLS,
  onPriceClick,
}: {
  symbol: string;
  /** Decimal places the asset is quoted in: the price scale, last-price tag and legend use it. */
  pricePrecision: number;
  onPrice?: (tick: PriceTick) => void;
  /** The trader's open orders and position, drawn across the chart. */
  priceLines?: readonly PriceLine[];
  /** The trader's fills, marked on their bars. */
  fills?: readonly FillMark[];
  /** A click on the chart: the price under the pointer, in the asset's precision (sets the quick alert). */
  onPriceClick?: (price: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [interval, setInterval] = useState<Interval>('1m');
  const [ready, setReady] = useState(false);
  const [barCount, setBarCount] = useState<number | null>(null);
  /** The bar under the crosshair, or null for the newest one (the legend's subject). */
  const [hovered, setHovered] = useState<CandleBar | null>(null);
  const [newest, setNewest] = useState<CandleBar | null>(null);
  /** Grows each time the chart redraws bars: the overlays recompute on it. */
  const [revision, setRevision] = useState(0);
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<IChartApi | null>(null);
  const candles = useRef<ISeriesApi<'Candlestick'> | null>(null);
  const volume = useRef<ISeriesApi<'Histogram'> | null>(null);
  const history = useRef<History>({ key: '', bars: [], loading: false, exhausted: false });
  /** Start time of the oldest bar that live ticks changed since the chart last drew them (null: none). */
  const undrawnSince = useRef<number | null>(null);
  const loadOlder = useRef<() => void>(() => {});
  const onPriceRef = useRef(onPrice);
  const onPriceClickRef = useRef(onPriceClick);
  useEffect(() => {
    onPriceRef.current = onPrice;
    onPriceClickRef.current = onPriceClick;
  }, [onPrice, onPriceClick]);
  /** Price lines above or below the visible scale, pinned to the pane's edge. */
  const [edges, setEdges] = useState<EdgeLabel[]>([]);
  const [edgeInset, setEdgeInset] = useState({ right: 0, bottom: 0 });
  const priceLinesRef = useRef(priceLines);
  const measureEdges = useRef<() => void>(() => {});
  useEffect(() => {
    let frame = 0;
    const measure = () => {
      const series = candles.current;
      const c = chart.current;
      if (!series || !c) return;
      const next = edgeLabels(priceLinesRef.current, (p) => series.priceToCoordinate(p), c.paneSize(0).height, (p) => formatPrice(p, pricePrecision));
      setEdges((prev) => (JSON.stringify(prev) === JSON.stringify(next) ? prev : next));
      const inset = { right: c.priceScale('right').width(), bottom: c.timeScale().height() + (c.panes().length > 1 ? c.paneSize(1).height + 1 : 0) };
      setEdgeInset((prev) => (prev.right === inset.right && prev.bottom === inset.bottom ? prev : inset));
    };
    // After the chart's own repaint: the price scale autoscales on the frame after data or range changes.
    measureEdges.current = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => requestAnimationFrame(measure));
    };
    return () => cancelAnimationFrame(frame);
  }, [pricePrecision]);

  const { data, isPending, isError } = useQuery(trpc.market.candles.queryOptions({ symbol, interval, limit: PAGE }));

  useEffect(() => {
    let disposed = false;
    let removeListeners = () => {};
    void import('lightweight-charts').then(({ CandlestickSeries, ColorType, createChart, HistogramSeries }) => {
      if (disposed || !container.current) return;
      const dark = window.matchMedia('(prefers-color-scheme: dark)').matches;
      const created = createChart(container.current, {
        autoSize: true,
        layout: { background: { type: ColorType.Solid, color: 'transparent' }, textColor: dark ? '#d4d4d8' : '#3f3f46' },
        grid: { vertLines: { color: dark ? '#27272a' : '#f4f4f5' }, horzLines: { color: dark ? '#27272a' : '#f4f4f5' } },
        timeScale: { timeVisible: true, secondsVisible: false, tickMarkFormatter: formatTickMark, rightOffset: RIGHT_OFFSET_BARS },
        localization: { timeFormatter: (t: number) => crosshairTime.format(t * 1000) },
      });
      candles.current = created.addSeries(CandlestickSeries, {
        upColor: '#16a34a',
        downColor: '#dc2626',
        borderVisible: false,
        wickUpColor: '#16a34a',
        wickDownColor: '#dc2626',
        priceFormat: { type: 'custom', formatter: (p: number) => formatPrice(p, pricePrecision), minMove: priceStep(pricePrecision) },
      });
      // Volume sits in the bottom fifth on its own overlay scale; its labels would print over the price scale's.
      volume.current = created.addSeries(HistogramSeries, {
        priceFormat: { type: 'volume' },
        priceScaleId: '',
        lastValueVisible: false,
        priceLineVisible: false,
      });
      volume.current.priceScale().applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
      created.subscribeCrosshairMove((param) => {
        const t = typeof param.time === 'number' ? param.time * 1000 : null;
        setHovered(t === null ? null : (history.current.bars.find((b) => b.t === t) ?? null));
      });
      created.timeScale().subscribeVisibleLogicalRangeChange((range) => {
        if (range && range.from < PREFETCH_BARS) loadOlder.current();
        measureEdges.current();
      });
      // A click in the price pane picks its price. From the DOM, not the chart's click event: that one drops
      // a second click inside its double-click window (when far from the first) or makes it a double-click
      // (when near), so two quick picks lost the second. A drag (panning) is not a pick.
      const el = container.current;
      let down: { x: number; y: number } | null = null;
      const onDown = (e: PointerEvent) => {
        down = e.button === 0 ? { x: e.clientX, y: e.clientY } : null;
      };
      const onUp = (e: PointerEvent) => {
        const start = down;
        down = null;
        if (!start || e.button !== 0 || !candles.current || Math.abs(e.clientX - start.x) + Math.abs(e.clientY - start.y) >= 5) return;
        const rect = el.getBoundingClientRect();
        const x = e.clientX - rect.left;
        const y = e.clientY - rect.top;
        if (x < 0 || y < 0 || x > created.timeScale().width() || y > created.paneSize(0).height) return;
        const price = priceAtClick(candles.current.coordinateToPrice(y), pricePrecision);
        if (price) onPriceClickRef.current?.(price);
      };
      el.addEventListener('pointerdown', onDown, true);
      el.addEventListener('pointerup', onUp, true);
      removeListeners = () => {
        el.removeEventListener('pointerdown', onDown, true);
        el.removeEventListener('pointerup', onUp, true);
      };
      chart.current = created;
      setReady(true);
    });
    return () => {
      disposed = true;
      removeListeners();
      chart.current?.remove();
      chart.current = null;
      candles.current = null;
      volume.current = null;
    };
    // The price format is fixed per asset; the page remounts the chart for another symbol.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  /** Replaces what the chart shows; `shift` keeps the view on the same bars after older ones are prepended. */
  const show = (bars: CandleBar[], shift = 0) => {
    const range = shift ? chart.current?.timeScale().getVisibleLogicalRange() : null;
    candles.current?.setData(bars.map(toCandle));
    volume.current?.setData(bars.map(toVolume));
    if (range) chart.current?.timeScale().setVisibleLogicalRange({ from: range.from + shift, to: range.to + shift });
    history.current.bars = bars;
    undrawnSince.current = null;
    setBarCount(bars.length);
    setNewest(bars.at(-1) ?? null);
    setRevision((r) => r + 1);
    measureEdges.current();
  };
  const currentBars = useCallback(() => history.current.bars, []);

  useEffect(() => {
    if (!data || !ready) return;
    const key = `${data.symbol}:${data.interval}`;
    const h = history.current;
    if (h.key !== key) {
      history.current = { key, bars: [], loading: false, exhausted: data.candles.length < PAGE };
      const daily = data.interval === '1d';
      chart.current?.applyOptions({
        timeScale: { timeVisible: !daily },
        localization: { timeFormatter: (t: number) => (daily ? crosshairDay : crosshairTime).format(t * 1000) },
      });
      show(data.candles);
      const span = DEFAULT_VIEW_BARS[data.interval as Interval] ?? 120;
      const n = data.candles.length;
      // A short history (a few days at 1d) keeps a margin in proportion, so its bars still fill the pane.
      const pad = Math.min(RIGHT_OFFSET_BARS, Math.max(1, Math.ceil(n / 10)));
      chart.current?.timeScale().setVisibleLogicalRange({ from: Math.max(0, n - span) - 0.5, to: n - 1 + pad });
      return;
    }
    // A refetch of the newest page: keep the older history already fetched, bars live ticks opened since,
    // and the user's view.
    const first = data.candles[0]?.t ?? Infinity;
    const last = data.candles.at(-1)?.t ?? -Infinity;
    show([...h.bars.filter((b) => b.t < first), ...data.candles, ...h.bars.filter((b) => b.t > last)]);
  }, [data, ready]);

  useEffect(() => {
    loadOlder.current = () => {
      const h = history.current;
      const oldest = h.bars[0];
      if (h.loading || h.exhausted || !oldest) return;
      h.loading = true;
      queryClient
        .fetchQuery(trpc.market.candles.queryOptions({ symbol, interval, to: oldest.t - 1, limit: PAGE }))
        .then((page) => {
          if (history.current !== h) return; // the symbol or interval changed meanwhile
          if (page.candles.length < PAGE) h.exhausted = true;
          if (page.candles.length) show([...page.candles, ...h.bars], page.candles.length);
        })
        .catch(() => {}) // the next scroll tries again
        .finally(() => (h.loading = false));
    };
  }, [queryClient, trpc, symbol, interval]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let frame = 0;
    let drawnAt = 0;
    let latest: PriceTick | null = null;
    const draw = () => {
      frame = 0;
      drawnAt = performance.now();
      if (latest) onPriceRef.current?.(latest);
      latest = null;
      const since = undrawnSince.current;
      undrawnSince.current = null;
      if (since === null || !candles.current) return;
      const bars = history.current.bars;
      let i = bars.length;
      while (i > 0 && bars[i - 1]!.t >= since) i--;
      for (; i < bars.length; i++) candles.current.update(toCandle(bars[i]!));
      setNewest(bars.at(-1) ?? null);
      setRevision((r) => r + 1);
      measureEdges.current();
    };
    const apply = (tick: PriceTick) => {
      if (!latest || tick.ts >= latest.ts) latest = tick;
      const bars = history.current.bars;
      const last = bars.at(-1);
      const bar = foldTick(last, tick.price, tick.ts, interval);
      if (bar) {
        if (last && bar.t === last.t) bars[bars.length - 1] = bar;
        else bars.push(bar);
        undrawnSince.current = Math.min(undrawnSince.current ?? bar.t, bar.t);
      }
      if (timer === undefined && !frame) {
        timer = setTimeout(() => {
          timer = undefined;
          frame = requestAnimationFrame(draw);
        }, Math.max(0, drawnAt + DRAW_EVERY_MS - performance.now()));
      }
    };
    const unsubscribe = subscribePrices([symbol], { onTicks: (ticks) => ticks.forEach(apply) });
    return () => {
      unsubscribe();
      clearTimeout(timer);
      cancelAnimationFrame(frame);
    };
  }, [symbol, interval]);

  useEffect(() => {
    priceLinesRef.current = priceLines;
    measureEdges.current();
    const series = candles.current;
    if (!ready || !series) return;
    const drawn = priceLines.map((l) =>
      series.createPriceLine({ price: Number(l.price), color: l.color, lineWidth: 1, lineStyle: 2, axisLabelVisible: true, title: l.title }),
    );
    return () => {
      // After the chart is removed its series are gone too; their lines need no removal then.
      if (candles.current === series) for (const line of drawn) series.removePriceLine(line);
    };
  }, [ready, priceLines]);

  return (
    <section aria-label={`${symbol} price chart`} className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800">
      <div role="group" aria-label="Interval" className="mb-2 flex h-8 items-center gap-1">
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
        <span className="ml-auto text-xs text-zinc-500" role="status" data-testid="candle-count">
          {isPending || (data && barCount === null) ? 'Loading candles…' : isError ? 'Could not load candles' : `${barCount ?? 0} candles`}
        </span>
      </div>
      <OhlcLegend bar={hovered ?? newest} precision={pricePrecision} />
      <div className="relative">
        <div
          ref={container}
          data-testid="price-chart"
          className={`h-80 w-full sm:h-96 ${onPriceClick ? 'cursor-crosshair' : ''}`}
          title={onPriceClick ? 'Click a price to set an alert there' : undefined}
        />
        {edges.map((e) => (
          <span
            key={e.id}
            data-testid="price-line-edge"
            data-edge={e.edge}
            className="pointer-events-none absolute z-10 max-w-[70%] truncate rounded px-1.5 py-0.5 font-mono text-[11px] leading-4 text-white shadow"
            style={{
              backgroundColor: e.color,
              right: edgeInset.right + 4,
              ...(e.edge === 'top' ? { top: 4 + e.slot * 20 } : { bottom: edgeInset.bottom + 4 + e.slot * 20 }),
            }}
          >
            {e.text}
          </span>
        ))}
      </div>
      <ChartOverlays
        chart={ready ? chart.current : null}
        candles={ready ? candles.current : null}
        bars={currentBars}
        revision={revision}
        interval={interval}
        pricePrecision={pricePrecision}
        fills={fills}
      />
      <ForecastOverlay symbol={symbol} interval={interval} chart={ready ? chart.current : null} />
    </section>
  );
}

/** Open, high, low, close of the hovered bar (or the newest), in the asset's precision; one line, fixed height. */
function OhlcLegend({ bar, precision }: { bar: CandleBar | null; precision: number }) {
  const up = bar ? +bar.c >= +bar.o : true;
  return (
    <p data-testid="ohlc-legend" className="mb-1 h-5 truncate font-mono text-xs tabular-nums text-zinc-600 dark:text-zinc-400">
      {bar &&
        (['o', 'h', 'l', 'c'] as const).map((k) => (
          <span key={k} className="mr-3">
            {k.toUpperCase()} <span className={up ? 'text-green-700 dark:text-green-400' : 'text-red-700 dark:text-red-400'}>{formatPrice(bar[k], precision)}</span>
          </span>
        ))}
    </p>
  );
}
