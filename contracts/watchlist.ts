import { z } from 'zod';
import { decimalString, epochMs, pageOf, symbolSchema, timestamp } from './common';
import { ASSET_KINDS } from './enums';

export const watchlistSymbolInput = z.object({ symbol: symbolSchema });

export const watchlistEntrySchema = z.object({
  symbol: z.string(),
  name: z.string(),
  kind: z.enum(ASSET_KINDS),
  addedAt: timestamp,
  /** The latest price and 24 h change, null when the feed has none yet. */
  price: decimalString.nullable(),
  change24h: z.number().nullable(),
  ts: epochMs.nullable(),
});
/** A watchlist holds a bounded number of symbols: one page holds them all (`nextCursor` is null). */
export const watchlistPage = pageOf(watchlistEntrySchema);
export const watchlistAddedSchema = z.object({ symbol: z.string(), added: z.boolean() });
export const watchlistRemovedSchema = z.object({ symbol: z.string() });
