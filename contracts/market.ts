import { z } from 'zod';
import { DATE_RANGE_MESSAGE, decimalString, epochMs, eventIdSchema, LATEST_MS, pageInput, pageOf, symbolSchema, timestamp } from './common';
import { ASSET_KINDS, CANDLE_INTERVALS, HALT_SOURCES } from './enums';

// Inputs --------------------------------------------------------------------------------------------------

export const ASSET_PAGE_MAX = 100;

export const assetsInput = z
  .object({
    q: z.string().trim().max(64).optional(),
    kind: z.enum(ASSET_KINDS).optional(),
    ...pageInput(50, ASSET_PAGE_MAX),
  })
  .default({ limit: 50 });

export const symbolInput = z.object({ symbol: symbolSchema });

export const snapshotInput = z.object({ symbols: z.array(symbolSchema).min(1).max(100).optional() }).optional();

export const moversInput = z.object({ limit: z.number().int().min(1).max(20).default(5) }).default({ limit: 5 });

/** The live price stream: some symbols (all when omitted), resuming after `lastEventId`. */
export const priceStreamInput = z.object({
  symbols: z.array(symbolSchema).min(1).max(100).optional(),
  /** Set by httpSubscriptionLink on reconnect from the last tracked id (the SSE door reads Last-Event-ID). */
  lastEventId: eventIdSchema.nullish(),
});

/** Most candles one request may ask for. */
export const CANDLE_LIMIT_MAX = 1_000;

export const candlesInput = z
  .object({
    symbol: symbolSchema,
    interval: z.enum(CANDLE_INTERVALS),
    /** Epoch ms; bucket starts inclusive. */
    from: z.number().int().nonnegative().max(LATEST_MS, DATE_RANGE_MESSAGE).optional(),
    to: z.number().int().nonnegative().max(LATEST_MS, DATE_RANGE_MESSAGE).optional(),
    limit: z.number().int().min(1).max(CANDLE_LIMIT_MAX).default(300),
  })
  .refine((v) => v.from === undefined || v.to === undefined || v.from <= v.to, {
    message: '`from` must not be after `to`',
    path: ['from'],
  });
export type CandlesInput = z.infer<typeof candlesInput>;

// Outputs -------------------------------------------------------------------------------------------------

export const assetSchema = z.object({
  symbol: z.string(),
  name: z.string(),
  kind: z.enum(ASSET_KINDS),
  chain: z.string().nullable(),
  contractAddress: z.string().nullable(),
  /** Decimal places prices are quoted in. */
  pricePrecision: z.number().int(),
  /** Decimal places an order quantity may have. */
  qtyPrecision: z.number().int(),
  basePrice: decimalString,
  volatility: z.number(),
  active: z.boolean(),
  createdAt: timestamp,
});
export const assetPage = pageOf(assetSchema);

/**
 * A session-traded market's (equities') regular trading period, as its source reports it. Closed: the price
 * is the last close and market orders are refused (MARKET_CLOSED).
 */
export const marketSessionSchema = z.object({
  open: z.boolean(),
  /** The current regular session's open and close (the next session's while closed); null if unknown. */
  opensAt: epochMs.nullable(),
  closesAt: epochMs.nullable(),
  /** The exchange's IANA time zone, e.g. America/New_York. */
  timeZone: z.string().nullable(),
});

/** One price update: the latest snapshot per asset, and each event of the live stream. */
export const priceTickSchema = z.object({
  symbol: z.string(),
  price: decimalString,
  ts: epochMs,
  /** Percent change against the price 24 h earlier; null until known. */
  change24h: z.number().nullable(),
  /**
   * The symbol's source is down (or the feed stopped): `price` is the last one it gave, `ageMs` old. Never
   * replaced by a made-up price. A closed market is not stale (see `session`).
   */
  stale: z.boolean(),
  /** How old `price` is: now − `ts`, when read (on the stream: when published). */
  ageMs: z.number().int().nonnegative(),
  /** The trading session for session-traded assets (equities from a live source); null when trading never closes. */
  session: marketSessionSchema.nullable(),
});
export const snapshotSchema = z.array(priceTickSchema);

/** One candle: epoch-ms bucket start, decimal strings for prices and volume. */
export const candleSchema = z.object({ t: epochMs, o: decimalString, h: decimalString, l: decimalString, c: decimalString, v: decimalString });
export const candlesSchema = z.object({ symbol: z.string(), interval: z.enum(CANDLE_INTERVALS), candles: z.array(candleSchema) });

const moverSchema = z.object({
  symbol: z.string(),
  name: z.string(),
  kind: z.enum(ASSET_KINDS),
  /** The latest stored 1m close. */
  price: decimalString,
  /** The price the move is measured from: the 1m close 24 h ago (or the first one since, on a younger history). */
  referencePrice: decimalString,
  /** Percent, rounded to 2 decimals. */
  changePct: z.number(),
});
export const moversSchema = z.object({
  /** Largest rises first. */
  gainers: z.array(moverSchema),
  /** Largest falls first. */
  losers: z.array(moverSchema),
  /** The window the moves cover (epoch ms). */
  from: epochMs,
  to: epochMs,
});

/** An asset's last 24 hours, from stored candles (`market.stats`). */
export const dayStatsSchema = moverSchema.extend({
  pricePrecision: z.number().int(),
  high: decimalString,
  low: decimalString,
  /** Traded volume over the window, in units of the asset. */
  volume: decimalString,
});
export const dayStatsListSchema = z.array(dayStatsSchema);

/** Whether a symbol is halted now (`market.halt`): public, so the asset page can say so before anyone trades. */
export const haltStatusSchema = z.object({
  symbol: z.string(),
  halted: z.boolean(),
  source: z.enum(HALT_SOURCES).nullable(),
  reason: z.string().nullable(),
  /** When a timed halt lifts by itself; null for a manual halt (until resumed) or when not halted. */
  until: timestamp.nullable(),
});
