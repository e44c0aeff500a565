import { z } from 'zod';
import { decimalString, epochMs, symbolSchema, timestamp } from './common';
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
export const watchlistSchema = z.array(watchlistEntrySchema);
export const watchlistAddedSchema = z.object({ symbol: z.string(), added: z.boolean() });
export const watchlistRemovedSchema = z.object({ symbol: z.string() });
