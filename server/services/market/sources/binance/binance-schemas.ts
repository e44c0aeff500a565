import { z } from 'zod';

/**
 * Binance spot public API shapes (binance-spot-api-docs: rest-api.md, web-socket-streams.md). Prices and
 * quantities are decimal strings; times are epoch milliseconds (the default time unit).
 */

const decimalText = z.string().regex(/^\d+(\.\d+)?$/, 'a decimal string');
const epochMs = z.number().int().nonnegative();

/** GET /api/v3/klines: `[openTime, open, high, low, close, volume, closeTime, quoteVolume, trades, takerBase, takerQuote, ignore]`. */
export const binanceKline = z
  .tuple([epochMs, decimalText, decimalText, decimalText, decimalText, decimalText, epochMs])
  .rest(z.unknown());
export const binanceKlines = z.array(binanceKline);

/** GET /api/v3/ticker/price?symbols=[…] */
export const binanceTickerPrices = z.array(z.object({ symbol: z.string(), price: decimalText }));

/** GET /api/v3/exchangeInfo?symbols=[…], the parts an adapter uses. */
export const binanceExchangeInfo = z.object({
  serverTime: epochMs,
  rateLimits: z.array(
    z.object({ rateLimitType: z.string(), interval: z.string(), intervalNum: z.number(), limit: z.number() }),
  ),
  symbols: z.array(
    z.object({
      symbol: z.string(),
      status: z.string(),
      baseAsset: z.string(),
      quoteAsset: z.string(),
      filters: z.array(z.looseObject({ filterType: z.string() })),
    }),
  ),
});

/** The documented error body: `{ code, msg }`. */
export const binanceErrorBody = z.object({ code: z.number(), msg: z.string() });

/** `<symbol>@trade` payload. */
export const binanceTradeEvent = z.object({
  e: z.literal('trade'),
  E: epochMs,
  s: z.string(),
  t: z.number().int(),
  p: decimalText,
  q: decimalText,
  T: epochMs,
});

/** `<symbol>@kline_1m` payload. */
export const binanceKlineEvent = z.object({
  e: z.literal('kline'),
  E: epochMs,
  s: z.string(),
  k: z.object({
    t: epochMs,
    T: epochMs,
    i: z.string(),
    o: decimalText,
    c: decimalText,
    h: decimalText,
    l: decimalText,
    v: decimalText,
    n: z.number().int(),
    x: z.boolean(),
  }),
});

/** Sent before the server goes away; a new connection should be opened at once. */
export const binanceServerShutdown = z.object({ e: z.literal('serverShutdown'), E: epochMs });

/** A combined-stream frame: `{ stream, data }`. */
export const binanceCombinedFrame = z.object({ stream: z.string(), data: z.unknown() });

export type BinanceTradeEvent = z.infer<typeof binanceTradeEvent>;
export type BinanceKlineEvent = z.infer<typeof binanceKlineEvent>;
