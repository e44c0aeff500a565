import { sql } from 'drizzle-orm';
import {
  boolean,
  doublePrecision,
  index,
  integer,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { ASSET_KINDS, CANDLE_INTERVALS } from '../../contracts/enums';

export const assetKind = pgEnum('asset_kind', ASSET_KINDS);
export type AssetKind = (typeof assetKind.enumValues)[number];

/** The tradable catalogue. Symbols are upper-case and unique; meme tokens carry chain + contract address. */
export const assets = pgTable(
  'assets',
  {
    symbol: text('symbol').primaryKey(),
    name: text('name').notNull(),
    kind: assetKind('kind').notNull(),
    chain: text('chain'),
    contractAddress: text('contract_address'),
    /** Decimal places prices are quoted in (e.g. 2 for BTC in USD, 8 for PEPE). */
    pricePrecision: integer('price_precision').notNull(),
    /** Decimal places an order quantity may have. */
    qtyPrecision: integer('qty_precision').notNull(),
    /** Simulator parameters: the price the feed starts from and its annualised volatility (a model input, not money). */
    basePrice: numeric('base_price').notNull(),
    volatility: doublePrecision('volatility').notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // Trigram indexes serve the fuzzy search (`%` and ILIKE '%…%') on symbol and name.
  (t) => [
    index('assets_symbol_trgm_idx').using('gin', sql`${t.symbol} gin_trgm_ops`),
    index('assets_name_trgm_idx').using('gin', sql`${t.name} gin_trgm_ops`),
  ],
);

export type Asset = typeof assets.$inferSelect;

/** Every price tick, kept for a retention period (candles outlive them). No surrogate key: fewer indexes to keep up at ingest rates. */
export const ticks = pgTable(
  'ticks',
  {
    symbol: text('symbol').notNull(),
    ts: timestamp('ts', { withTimezone: true, precision: 3 }).notNull(),
    price: numeric('price').notNull(),
    volume: numeric('volume').notNull(),
  },
  // (symbol, ts) serves per-asset history; ts alone serves the retention prune.
  (t) => [index('ticks_symbol_ts_idx').on(t.symbol, t.ts), index('ticks_ts_idx').on(t.ts)],
);

export const candleInterval = pgEnum('candle_interval', CANDLE_INTERVALS);
export type CandleInterval = (typeof candleInterval.enumValues)[number];

/**
 * OHLCV per (symbol, interval, bucket start), upserted incrementally. `openTs`/`closeTs` are the times of
 * the ticks that set open and close, so a tick arriving out of order replaces them only when it is earlier
 * (open) or later (close) than what the bucket already holds.
 */
export const candles = pgTable(
  'candles',
  {
    symbol: text('symbol').notNull(),
    interval: candleInterval('interval').notNull(),
    bucket: timestamp('bucket', { withTimezone: true }).notNull(),
    open: numeric('open').notNull(),
    high: numeric('high').notNull(),
    low: numeric('low').notNull(),
    close: numeric('close').notNull(),
    volume: numeric('volume').notNull(),
    trades: integer('trades').notNull(),
    openTs: timestamp('open_ts', { withTimezone: true, precision: 3 }).notNull(),
    closeTs: timestamp('close_ts', { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.symbol, t.interval, t.bucket] })],
);

export type Candle = typeof candles.$inferSelect;
