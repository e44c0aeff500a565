import Decimal from 'decimal.js';
import type { SourceHealth } from '@/server/services/tokens/sources/upstream-policy';
import { createTickBatcher, MINUTE_MS, toPlaces, type LiveAssetMapping } from '../live-adapter-kit';
import type { LiveSource, SourceCandle } from '../live-source';
import type { SourceTick } from '../price-source';
import { BINANCE_KLINES_LIMIT, createBinanceRest, type BinanceRest, type BinanceRestOptions } from './binance-rest';
import { binanceKlineEvent, binanceServerShutdown, binanceTradeEvent } from './binance-schemas';
import { BINANCE_WS_URL, openBinanceStream, type BinanceStream, type StreamState } from './binance-stream';

/** The REST client's options (base URL, cache-held budget, policy, fetch, clock) plus the stream's. */
export interface BinanceSourceOptions extends BinanceRestOptions {
  /** The catalogue's crypto assets with their Binance symbols (BTC → BTCUSDT) and precisions. */
  assets: readonly LiveAssetMapping[];
  /** WebSocket base, default wss://stream.binance.com:9443 (env BINANCE_WS_URL). */
  wsUrl?: string;
  /** Which stream carries the live prices: every trade (default) or the 1m kline updates (every 2 s). */
  stream?: 'trade' | 'kline_1m';
  /** REST polling of ticker/price while the stream is down (default every 5 s: 48 weight a minute). */
  pollMs?: number;
  reconnectBaseMs?: number;
  reconnectMaxMs?: number;
  maxConnectionMs?: number;
  silenceTimeoutMs?: number;
  /**
   * The stream's state changes (`open` after `down` is when a caller backfills the gap with `history`).
   * While it is not open, ticker/price polling keeps prices current.
   */
  onStreamState?: (state: StreamState) => void;
  /** Failures that do not stop the source (a poll refused, a malformed frame); for the log. */
  onError?: (error: unknown) => void;
}

export interface BinanceStatus {
  stream: StreamState | 'idle';
  reconnects: number;
  /** True while ticker/price polling stands in for the stream. */
  polling: boolean;
  malformedFrames: number;
}

export interface BinanceSource extends LiveSource {
  readonly rest: BinanceRest;
  status(): BinanceStatus;
  /** The REST upstream's breaker, budget and last error (the sources health page). */
  health(): Promise<SourceHealth<'binance'>>;
}

interface KlineState {
  openTime: number;
  volume: string;
  trades: number;
  eventTime: number;
}

/**
 * Binance spot for crypto majors: live prices from the combined WebSocket stream (trades or 1m klines),
 * ticker/price polling while the stream is down, 1m klines for history. Every REST body and stream frame is
 * validated; a malformed one is reported and skipped. Prices and volumes leave at the asset's precision.
 */
export function createBinanceSource(opts: BinanceSourceOptions): BinanceSource {
  const now = opts.now ?? Date.now;
  const kind = opts.stream ?? 'trade';
  const pollMs = opts.pollMs ?? 5_000;
  const bySource = new Map(opts.assets.map((a) => [a.sourceSymbol.toUpperCase(), a]));
  const byProduct = new Map(opts.assets.map((a) => [a.symbol, a]));
  const rest = createBinanceRest({ ...opts, now });
  const lastTick = new Map<string, number>();
  const lastTradeId = new Map<string, number>();
  const klines = new Map<string, KlineState>();
  let stream: BinanceStream | null = null;
  let stopRunning: (() => void) | null = null;
  let polling = false;
  let malformedFrames = 0;
  const report = (error: unknown) => opts.onError?.(error);

  const history = async (symbol: string, fromMs: number, toMs: number, signal?: AbortSignal): Promise<SourceCandle[]> => {
    const asset = byProduct.get(symbol);
    if (!asset) throw new RangeError(`binance does not serve ${symbol}`);
    // Closed candles only: one whose minute has not ended yet is still changing.
    const end = Math.min(toMs, Math.floor(now() / MINUTE_MS) * MINUTE_MS);
    const candles: SourceCandle[] = [];
    let cursor = Math.ceil(fromMs / MINUTE_MS) * MINUTE_MS;
    while (cursor < end) {
      signal?.throwIfAborted();
      const page = await rest.klines(asset.sourceSymbol, cursor, end - 1, BINANCE_KLINES_LIMIT);
      for (const k of page) {
        if (k.openTime < cursor || k.openTime >= end) continue;
        const candle = {
          symbol,
          openTime: k.openTime,
          open: toPlaces(k.open, asset.pricePrecision),
          high: toPlaces(k.high, asset.pricePrecision),
          low: toPlaces(k.low, asset.pricePrecision),
          close: toPlaces(k.close, asset.pricePrecision),
          volume: toPlaces(k.volume, asset.qtyPrecision),
        };
        if (Object.values(candle).some((v) => v === null)) continue;
        candles.push(candle as SourceCandle);
      }
      if (page.length < BINANCE_KLINES_LIMIT) break;
      const next = page.at(-1)!.openTime + MINUTE_MS;
      if (next <= cursor) break;
      cursor = next;
    }
    return candles;
  };

  return {
    name: 'binance',
    symbols: opts.assets.map((a) => a.symbol),
    rest,
    history,
    lastTickAt: (symbol) => lastTick.get(symbol) ?? null,
    health: () => rest.upstream.health(),
    status: () => ({
      stream: stream ? stream.state() : 'idle',
      reconnects: stream?.reconnects ?? 0,
      polling,
      malformedFrames,
    }),

    start(emit) {
      stopRunning?.(); // one run at a time: a second start replaces the first
      const batcher = createTickBatcher(emit);
      const push = (asset: LiveAssetMapping, price: string, volume: string, ts: number) => {
        const p = toPlaces(price, asset.pricePrecision);
        const v = toPlaces(volume, asset.qtyPrecision);
        if (p === null || v === null) return;
        const tick: SourceTick = { symbol: asset.symbol, price: p, volume: v, ts };
        lastTick.set(asset.symbol, Math.max(ts, lastTick.get(asset.symbol) ?? 0));
        batcher.push(tick);
      };
      const malformed = (detail: string) => {
        malformedFrames++;
        report(new Error(`binance stream: malformed frame (${detail})`));
      };

      const onTrade = (data: unknown) => {
        const event = binanceTradeEvent.safeParse(data);
        if (!event.success) return malformed('trade');
        const { s, t, p, q, T } = event.data;
        const asset = bySource.get(s);
        if (!asset) return;
        // A reconnect or rotation can repeat trades the last connection already delivered.
        if (t <= (lastTradeId.get(s) ?? -1)) return;
        lastTradeId.set(s, t);
        push(asset, p, q, T);
      };

      const onKline = (data: unknown) => {
        const event = binanceKlineEvent.safeParse(data);
        if (!event.success) return malformed('kline');
        const { s, E, k } = event.data;
        const asset = bySource.get(s);
        if (!asset || k.i !== '1m') return;
        const before = klines.get(s);
        if (before && (E <= before.eventTime || k.t < before.openTime)) return;
        const sameCandle = before?.openTime === k.t;
        klines.set(s, { openTime: k.t, volume: k.v, trades: k.n, eventTime: E });
        // Updates come every 2 s whether or not anything traded: only new trades make a tick.
        if (sameCandle && k.n === before.trades) return;
        const volume = sameCandle ? Decimal.max(0, new Decimal(k.v).minus(before.volume)).toFixed() : k.v;
        push(asset, k.c, volume, Math.min(E, k.T));
      };

      stream = openBinanceStream({
        wsUrl: opts.wsUrl ?? BINANCE_WS_URL,
        streams: opts.assets.map((a) => `${a.sourceSymbol.toLowerCase()}@${kind}`),
        reconnectBaseMs: opts.reconnectBaseMs,
        reconnectMaxMs: opts.reconnectMaxMs,
        maxConnectionMs: opts.maxConnectionMs,
        silenceTimeoutMs: opts.silenceTimeoutMs,
        onMalformed: malformed,
        onState: opts.onStreamState,
        onData(name, data) {
          if (name.endsWith('@trade')) onTrade(data);
          else if (name.endsWith('@kline_1m')) onKline(data);
          else if (binanceServerShutdown.safeParse(data).success) current.rotate();
        },
      });
      const current = stream;

      // While the stream is not delivering, poll ticker/price so prices stay current (never made up).
      let inFlight = false;
      const poll = setInterval(() => {
        polling = current.state() !== 'open';
        if (!polling || inFlight || opts.assets.length === 0) return;
        inFlight = true;
        rest
          .tickerPrices(opts.assets.map((a) => a.sourceSymbol))
          .then((prices) => {
            if (current.state() === 'open' || current.state() === 'stopped') return;
            const at = now();
            for (const [sourceSymbol, price] of prices) {
              const asset = bySource.get(sourceSymbol.toUpperCase());
              if (asset) push(asset, price, '0', at);
            }
          })
          .catch(report)
          .finally(() => {
            inFlight = false;
          });
      }, pollMs);

      const stop = () => {
        if (stopRunning !== stop) return;
        stopRunning = null;
        clearInterval(poll);
        polling = false;
        current.stop();
        batcher.flush();
      };
      stopRunning = stop;
      return stop;
    },
  };
}
