import Decimal from 'decimal.js';
import type { Cache } from '@/server/infra/cache/types';
import type { SourceHealth, UpstreamPolicyOptions } from '@/server/services/tokens/sources/upstream-policy';
import { createTickBatcher, MINUTE_MS, toPlaces, type LiveAssetMapping } from '../live-adapter-kit';
import type { LiveSource, MarketSession, SourceCandle } from '../live-source';
import { createYahooChart, YAHOO_REQUESTS_PER_MINUTE, type YahooChart } from './yahoo-chart';
import type { YahooChartResult } from './yahoo-schemas';

export interface YahooSourceOptions {
  /** The catalogue's equities with their Yahoo symbols (AAPL → AAPL) and precisions. */
  assets: readonly LiveAssetMapping[];
  cache: Cache;
  /** Default https://query1.finance.yahoo.com (env YAHOO_BASE_URL). */
  baseUrl?: string;
  /** How often each symbol is polled (default 30 s); stretched when the budget cannot carry it. */
  pollMs?: number;
  requestsPerMinute?: number;
  userAgent?: string;
  policy?: Partial<UpstreamPolicyOptions>;
  budgetKeyPrefix?: string;
  fetch?: typeof fetch;
  now?: () => number;
  onError?: (error: unknown) => void;
}

/** The last quote Yahoo gave for a symbol (what a closed market shows: the last close). */
export interface YahooQuote {
  symbol: string;
  price: string;
  /** Epoch ms of the quote (`regularMarketTime`). */
  at: number;
  currency: string | null;
}

export interface YahooSource extends LiveSource {
  readonly chart: YahooChart;
  session(symbol: string): MarketSession | null;
  /** The latest quote seen for `symbol`, open or closed; null before the first successful poll. */
  quote(symbol: string): YahooQuote | null;
  /**
   * Today's closed 1m candles from the latest poll (no request of its own). Ticks polled every 15–60 s give
   * coarse candles; these are Yahoo's own, for the caller to upsert over them.
   */
  recentCandles(symbol: string): SourceCandle[];
  /** Polls `symbol` now (the loop does this on its own; the first read after start may want it at once). */
  refresh(symbol: string): Promise<void>;
  /** Milliseconds between two polls of one symbol after the budget's stretch. */
  readonly pollEveryMs: number;
  health(): Promise<SourceHealth<'yahoo'>>;
}

/** 1m bars: Yahoo answers at most 8 days per request and none older than 30 days. */
const WINDOW_MS = 7 * 86_400_000;
const OLDEST_MS = 29 * 86_400_000;

/** The session a trading period describes, judged at `at`. */
export function sessionFrom(meta: YahooChartResult['meta'], at: number): MarketSession {
  const regular = meta.currentTradingPeriod?.regular;
  if (!regular) return { open: false, opensAt: null, closesAt: null, timeZone: meta.exchangeTimezoneName };
  const start = regular.start * 1000;
  const end = regular.end * 1000;
  const timeZone = meta.exchangeTimezoneName;
  if (at < start) return { open: false, opensAt: start, closesAt: end, timeZone };
  if (at < end) return { open: true, opensAt: start, closesAt: end, timeZone };
  // After today's close Yahoo still reports today's period until it rolls over: the next one is not known.
  return { open: false, opensAt: null, closesAt: null, timeZone };
}

/** The bars of a chart as closed 1m candles in [fromMs, toMs), skipping intervals Yahoo left null. */
export function candlesFrom(
  result: YahooChartResult,
  asset: LiveAssetMapping,
  fromMs: number,
  toMs: number,
  nowMs: number,
): SourceCandle[] {
  const q = result.indicators.quote[0]!;
  const out: SourceCandle[] = [];
  (result.timestamp ?? []).forEach((seconds, i) => {
    const openTime = seconds * 1000;
    // The last bar of a live chart is stamped with the last trade's time, not a minute: still open.
    if (openTime % MINUTE_MS !== 0 || openTime < fromMs || openTime >= toMs || openTime + MINUTE_MS > nowMs) return;
    const [o, h, l, c] = [q.open?.[i], q.high?.[i], q.low?.[i], q.close?.[i]];
    if (o == null || h == null || l == null || c == null) return;
    const candle = {
      symbol: asset.symbol,
      openTime,
      open: toPlaces(o, asset.pricePrecision),
      high: toPlaces(h, asset.pricePrecision),
      low: toPlaces(l, asset.pricePrecision),
      close: toPlaces(c, asset.pricePrecision),
      volume: toPlaces(q.volume?.[i] ?? 0, asset.qtyPrecision),
    };
    if (Object.values(candle).some((v) => v === null)) return;
    out.push(candle as SourceCandle);
  });
  return out;
}

/**
 * Yahoo's chart API for equities, polled: each symbol every `pollMs` (stretched to fit the request budget),
 * one tick per poll when `regularMarketTime` moved and only while the regular session is open. The session
 * comes from Yahoo's own `currentTradingPeriod`, so holidays and half days need no calendar here.
 */
export function createYahooSource(opts: YahooSourceOptions): YahooSource {
  const now = opts.now ?? Date.now;
  const chart = createYahooChart({
    baseUrl: opts.baseUrl,
    cache: opts.cache,
    policy: opts.policy,
    requestsPerMinute: opts.requestsPerMinute,
    userAgent: opts.userAgent,
    budgetKeyPrefix: opts.budgetKeyPrefix,
    fetch: opts.fetch,
    now,
  });
  const byProduct = new Map(opts.assets.map((a) => [a.symbol, a]));
  const limit = opts.requestsPerMinute ?? YAHOO_REQUESTS_PER_MINUTE;
  // The budget grants 5/6 of the limit; polls take at most half of that, leaving the rest to history.
  const pollsPerMinute = Math.max(1, Math.floor((Math.floor(limit / 6) * 5) / 2));
  const pollEveryMs = Math.max(opts.pollMs ?? 30_000, Math.ceil((opts.assets.length * MINUTE_MS) / pollsPerMinute));
  const metas = new Map<string, YahooChartResult['meta']>();
  const latest = new Map<string, { result: YahooChartResult; at: number }>();
  const quotes = new Map<string, YahooQuote>();
  const lastTick = new Map<string, number>();
  const dayVolume = new Map<string, { day: number; volume: number }>();
  let stopRunning: (() => void) | null = null;
  let onTick: ((asset: LiveAssetMapping, price: string, volume: string, ts: number) => void) | null = null;

  const refresh = async (symbol: string) => {
    const asset = byProduct.get(symbol);
    if (!asset) throw new RangeError(`yahoo does not serve ${symbol}`);
    const result = await chart.today(asset.sourceSymbol);
    const { meta } = result;
    metas.set(symbol, meta);
    latest.set(symbol, { result, at: now() });
    if (meta.regularMarketPrice === undefined) return;
    const price = toPlaces(meta.regularMarketPrice, asset.pricePrecision);
    if (price === null) return;
    const at = Math.min(now(), (meta.regularMarketTime ?? Math.floor(now() / 1000)) * 1000);
    quotes.set(symbol, { symbol, price, at, currency: meta.currency ?? null });

    // Volume since the last poll, from the day's running total; the first poll of a day adds none.
    const day = meta.currentTradingPeriod?.regular.start ?? 0;
    const previous = dayVolume.get(symbol);
    const total = meta.regularMarketVolume ?? previous?.volume ?? 0;
    dayVolume.set(symbol, { day, volume: total });
    const traded = previous && previous.day === day ? Math.max(0, total - previous.volume) : 0;

    const t = now();
    if (sessionFrom(meta, t).open) {
      if (at > (lastTick.get(symbol) ?? 0)) onTick?.(asset, price, new Decimal(traded).toFixed(), at);
      return;
    }
    // After the close Yahoo's price is the official close, which the last traded minute need not show (a
    // closing auction, or no trade in the last minute). It goes into the session's last millisecond once, so
    // the last bar, the price and the history end at the close the exchange printed.
    const sessionEnd = (meta.currentTradingPeriod?.regular.end ?? 0) * 1000;
    if (sessionEnd > 0 && t >= sessionEnd && sessionEnd - 1 > (lastTick.get(symbol) ?? 0)) onTick?.(asset, price, '0', sessionEnd - 1);
  };

  return {
    name: 'yahoo',
    symbols: opts.assets.map((a) => a.symbol),
    chart,
    pollEveryMs,
    refresh,
    health: () => chart.upstream.health(),
    lastTickAt: (symbol) => lastTick.get(symbol) ?? null,
    quote: (symbol) => quotes.get(symbol) ?? null,
    recentCandles(symbol) {
      const polled = latest.get(symbol);
      const asset = byProduct.get(symbol);
      // Closed as of the poll: a bar still open then carries a close that has moved since.
      return polled && asset ? candlesFrom(polled.result, asset, 0, Infinity, polled.at) : [];
    },
    session(symbol) {
      const meta = metas.get(symbol);
      return meta ? sessionFrom(meta, now()) : null;
    },

    async history(symbol, fromMs, toMs, signal) {
      const asset = byProduct.get(symbol);
      if (!asset) throw new RangeError(`yahoo does not serve ${symbol}`);
      const t = now();
      const end = Math.min(toMs, Math.floor(t / MINUTE_MS) * MINUTE_MS);
      const candles: SourceCandle[] = [];
      // Older than Yahoo keeps 1m bars: not asked (it would answer 422), so the answer starts later.
      for (let from = Math.max(fromMs, t - OLDEST_MS); from < end; from += WINDOW_MS) {
        signal?.throwIfAborted();
        const to = Math.min(end, from + WINDOW_MS);
        const result = await chart.range(asset.sourceSymbol, Math.floor(from / 1000), Math.ceil(to / 1000));
        candles.push(...candlesFrom(result, asset, from, to, t));
      }
      return candles;
    },

    start(emit) {
      stopRunning?.(); // one run at a time: a second start replaces the first
      const batcher = createTickBatcher(emit);
      onTick = (asset, price, volume, ts) => {
        const v = toPlaces(volume, asset.qtyPrecision);
        if (v === null) return;
        lastTick.set(asset.symbol, ts);
        batcher.push({ symbol: asset.symbol, price, volume: v, ts });
      };
      // Round robin: one symbol every pollEveryMs / n, so requests spread over the period.
      let next = 0;
      const inFlight = new Set<string>();
      const pollOne = () => {
        const asset = opts.assets[next++ % opts.assets.length];
        if (!asset || inFlight.has(asset.symbol)) return;
        inFlight.add(asset.symbol);
        refresh(asset.symbol)
          .catch((error: unknown) => opts.onError?.(error))
          .finally(() => inFlight.delete(asset.symbol));
      };
      const spacing = Math.max(1, Math.floor(pollEveryMs / Math.max(1, opts.assets.length)));
      const timer = setInterval(pollOne, spacing);
      pollOne();
      const stop = () => {
        if (stopRunning !== stop) return;
        stopRunning = null;
        clearInterval(timer);
        onTick = null;
        batcher.flush();
      };
      stopRunning = stop;
      return stop;
    },
  };
}
