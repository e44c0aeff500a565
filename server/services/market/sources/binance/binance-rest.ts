import type { z } from 'zod';
import type { Cache } from '@/server/infra/cache/types';
import { createUpstreamBudget, type UpstreamBudget } from '@/server/services/tokens/sources/upstream-budget';
import { UpstreamMalformedError } from '@/server/services/tokens/sources/upstream-errors';
import { httpGetJson, type UpstreamClient } from '@/server/services/tokens/sources/upstream-http';
import {
  createResilientUpstream,
  DEFAULT_UPSTREAM_POLICY,
  upstreamPolicy,
  type ResilientUpstream,
  type UpstreamPolicyOptions,
} from '@/server/services/tokens/sources/upstream-policy';
import { binanceExchangeInfo, binanceKlines, binanceTickerPrices } from './binance-schemas';

export const BINANCE_BASE_URL = 'https://api.binance.com';
/** Binance's published REQUEST_WEIGHT limit per IP per minute. */
export const BINANCE_WEIGHT_LIMIT_PER_MINUTE = 6_000;
/** `GET /api/v3/klines` answers at most this many candles. */
export const BINANCE_KLINES_LIMIT = 1_000;
/**
 * Our own request budget. The heaviest request we repeat weighs 4 (ticker/price with `symbols`; klines
 * weigh 2, exchangeInfo 20 once at start), so 300 requests a minute stay under 1,200 weight — a fifth of
 * the IP's limit, leaving room for other clients behind the same address.
 */
export const BINANCE_REQUESTS_PER_MINUTE = 300;
/** Used weight (X-MBX-USED-WEIGHT-1M) from which we stop calling until the next minute. */
export const BINANCE_WEIGHT_PAUSE_SHARE = 0.8;

export interface BinanceRestOptions {
  baseUrl?: string;
  /** The cache port holding the shared budget (Redis in the cloud, so every instance counts). */
  cache: Cache;
  policy?: Partial<UpstreamPolicyOptions>;
  requestsPerMinute?: number;
  weightLimitPerMinute?: number;
  budgetKeyPrefix?: string;
  fetch?: typeof fetch;
  now?: () => number;
}

export interface BinanceKline {
  openTime: number;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
  closeTime: number;
}

export interface BinanceSymbolInfo {
  symbol: string;
  status: string;
  /** Decimals of PRICE_FILTER.tickSize / LOT_SIZE.stepSize; null when the filter is absent. */
  priceDecimals: number | null;
  qtyDecimals: number | null;
}

export interface BinanceRest {
  readonly upstream: ResilientUpstream<'binance'>;
  /** Up to 1,000 1m klines with `startTime <= openTime <= endTime`, oldest first. */
  klines(sourceSymbol: string, startTime: number, endTime: number, limit?: number): Promise<BinanceKline[]>;
  /** Latest price per source symbol. */
  tickerPrices(sourceSymbols: readonly string[]): Promise<Map<string, string>>;
  exchangeInfo(sourceSymbols: readonly string[]): Promise<BinanceSymbolInfo[]>;
  /** The last X-MBX-USED-WEIGHT-1M the exchange reported, and when. */
  usedWeight(): { weight: number; at: number } | null;
}

const parse = <T>(schema: z.ZodType<T>, raw: unknown, what: string): T => {
  const body = schema.safeParse(raw);
  if (!body.success) throw new UpstreamMalformedError('binance', `${what}: ${body.error.issues[0]?.message ?? 'bad shape'}`);
  return body.data;
};

const decimalsOf = (step: unknown): number | null => {
  if (typeof step !== 'string' || !/^\d+(\.\d+)?$/.test(step)) return null;
  const fraction = step.split('.')[1]?.replace(/0+$/, '') ?? '';
  return fraction.length;
};

/**
 * Binance's REST market data through the shared upstream policy (retries, breaker, timeout) and a request
 * budget in the cache. The exchange's own weight count is read from every answer: past 80 % of its limit,
 * every instance holds back until the next minute, as after a 429/418 with Retry-After.
 */
export function createBinanceRest(opts: BinanceRestOptions): BinanceRest {
  const now = opts.now ?? Date.now;
  const weightLimit = opts.weightLimitPerMinute ?? BINANCE_WEIGHT_LIMIT_PER_MINUTE;
  const budget: UpstreamBudget = createUpstreamBudget({
    cache: opts.cache,
    source: 'binance',
    limitPerMinute: opts.requestsPerMinute ?? BINANCE_REQUESTS_PER_MINUTE,
    keyPrefix: opts.budgetKeyPrefix ?? 'market:budget',
    now,
  });
  let lastWeight: { weight: number; at: number } | null = null;
  const onResponse = (_status: number, headers: Headers) => {
    const header = headers.get('x-mbx-used-weight-1m');
    if (header === null || !/^\d+$/.test(header)) return;
    const at = now();
    lastWeight = { weight: Number(header), at };
    if (lastWeight.weight >= weightLimit * BINANCE_WEIGHT_PAUSE_SHARE) {
      // The exchange counts weight per calendar minute: hold back until the next one starts.
      void budget.pauseUntil(Math.floor(at / 60_000) * 60_000 + 60_000 + 1_000);
    }
  };
  const upstream = createResilientUpstream({
    source: 'binance',
    get: httpGetJson({ source: 'binance', baseUrl: opts.baseUrl ?? BINANCE_BASE_URL, fetch: opts.fetch, onResponse }),
    policy: upstreamPolicy({ ...DEFAULT_UPSTREAM_POLICY, ...opts.policy }),
    budget,
    now,
  });
  return { ...binanceRestOver(upstream), upstream, usedWeight: () => lastWeight };
}

/** The endpoint calls over any client (contract tests pass a plain one). */
export function binanceRestOver(client: UpstreamClient<'binance'>) {
  const symbolsParam = (symbols: readonly string[]) => encodeURIComponent(JSON.stringify(symbols));
  return {
    async klines(sourceSymbol: string, startTime: number, endTime: number, limit = BINANCE_KLINES_LIMIT) {
      const raw = await client.getJson(
        `/api/v3/klines?symbol=${encodeURIComponent(sourceSymbol)}&interval=1m&startTime=${startTime}&endTime=${endTime}&limit=${limit}`,
      );
      return parse(binanceKlines, raw, 'klines').map(
        ([openTime, open, high, low, close, volume, closeTime]): BinanceKline => ({ openTime, open, high, low, close, volume, closeTime }),
      );
    },
    async tickerPrices(sourceSymbols: readonly string[]) {
      const raw = await client.getJson(`/api/v3/ticker/price?symbols=${symbolsParam(sourceSymbols)}`);
      return new Map(parse(binanceTickerPrices, raw, 'ticker/price').map((t) => [t.symbol, t.price]));
    },
    async exchangeInfo(sourceSymbols: readonly string[]): Promise<BinanceSymbolInfo[]> {
      const raw = await client.getJson(`/api/v3/exchangeInfo?symbols=${symbolsParam(sourceSymbols)}`);
      return parse(binanceExchangeInfo, raw, 'exchangeInfo').symbols.map((s) => ({
        symbol: s.symbol,
        status: s.status,
        priceDecimals: decimalsOf(s.filters.find((f) => f.filterType === 'PRICE_FILTER')?.tickSize),
        qtyDecimals: decimalsOf(s.filters.find((f) => f.filterType === 'LOT_SIZE')?.stepSize),
      }));
    },
  };
}
