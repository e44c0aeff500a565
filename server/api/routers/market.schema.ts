import { z } from 'zod';
import { assetKind, candleInterval } from '@/db/schema/market';
import { DATE_RANGE_MESSAGE, LATEST_MS } from '@/server/validation';

export const symbolSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{1,15}$/, 'Symbols are 1–15 letters or digits');

export const ASSET_PAGE_MAX = 100;

export const assetsInput = z
  .object({
    q: z.string().trim().max(64).optional(),
    kind: z.enum(assetKind.enumValues).optional(),
    cursor: z.string().max(64).nullish(),
    limit: z.number().int().min(1).max(ASSET_PAGE_MAX).default(50),
  })
  .default({ limit: 50 });

export const assetInput = z.object({ symbol: symbolSchema });

export const snapshotInput = z.object({ symbols: z.array(symbolSchema).min(1).max(100).optional() }).optional();

export const moversInput = z.object({ limit: z.number().int().min(1).max(20).default(5) }).default({ limit: 5 });

/** Most candles one request may ask for. */
export const CANDLE_LIMIT_MAX = 1_000;

export const candlesInput = z
  .object({
    symbol: symbolSchema,
    interval: z.enum(candleInterval.enumValues),
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
