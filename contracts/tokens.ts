import { z } from 'zod';
import { decimalString, eventIdSchema, isoTimestamp, pageInput, pageOf } from './common';

/**
 * The token aggregator's API vocabulary (tRPC, REST, OpenAPI, components). Decimals are plain strings,
 * times ISO 8601; `null` means no source knows the figure.
 */
export const TOKEN_CHAINS = ['ethereum', 'solana', 'bsc', 'base', 'arbitrum', 'polygon'] as const;
export const TOKEN_SOURCE_NAMES = ['dexscreener', 'geckoterminal', 'jupiter'] as const;
export const TOKEN_SORTS = ['volume24h', 'liquidity', 'change1h', 'change24h', 'marketCap', 'createdAt'] as const;

export const tokenChainSchema = z.enum(TOKEN_CHAINS);
export const tokenSourceNameSchema = z.enum(TOKEN_SOURCE_NAMES);

/** What one source said last, and whether that is older than two refresh periods. */
export const tokenSourceQuoteSchema = z.object({
  name: tokenSourceNameSchema,
  priceUsd: decimalString.nullable(),
  liquidityUsd: decimalString.nullable(),
  asOf: isoTimestamp,
  stale: z.boolean(),
});

const fieldSource = tokenSourceNameSchema.nullable();

export const tokenSchema = z.object({
  chain: tokenChainSchema,
  address: z.string(),
  symbol: z.string().nullable(),
  name: z.string().nullable(),
  /** Liquidity-weighted median over the sources with at least $1,000 of liquidity behind their price. */
  priceUsd: decimalString.nullable(),
  liquidityUsd: decimalString.nullable(),
  volume24h: decimalString.nullable(),
  /** Percent. */
  change1h: decimalString.nullable(),
  change24h: decimalString.nullable(),
  marketCap: decimalString.nullable(),
  fdv: decimalString.nullable(),
  pairCreatedAt: isoTimestamp.nullable(),
  /** Which source each figure came from. */
  fieldSources: z.object({
    priceUsd: fieldSource,
    liquidityUsd: fieldSource,
    volume24h: fieldSource,
    change1h: fieldSource,
    change24h: fieldSource,
    marketCap: fieldSource,
    fdv: fieldSource,
    pairCreatedAt: fieldSource,
  }),
  sources: z.array(tokenSourceQuoteSchema),
  /** Every source's data is older than two refresh periods. */
  stale: z.boolean(),
  /** Age of the newest source data, in ms, when the answer was built. */
  ageMs: z.number().int().nonnegative(),
});
export type TokenView = z.infer<typeof tokenSchema>;

export const tokenListInput = z.object({
  chain: tokenChainSchema.optional(),
  q: z.string().trim().min(1).max(64).optional(),
  minLiquidity: decimalString.optional(),
  minVolume: decimalString.optional(),
  sort: z.enum(TOKEN_SORTS).default('volume24h'),
  order: z.enum(['asc', 'desc']).default('desc'),
  ...pageInput(50, 100),
});
export type TokenListInput = z.infer<typeof tokenListInput>;
export const tokenListOutput = pageOf(tokenSchema);

export const tokenGetInput = z.object({ chain: tokenChainSchema, address: z.string().trim().min(1).max(64) });

export const tokenSourceHealthSchema = z.object({
  name: tokenSourceNameSchema,
  state: z.enum(['closed', 'open', 'half_open']),
  lastSuccessAt: isoTimestamp.nullable(),
  lastError: z.string().nullable(),
  usedPerMinute: z.number().int().nonnegative(),
  limitPerMinute: z.number().int().positive(),
});
export const tokenSourcesOutput = z.object({ data: z.array(tokenSourceHealthSchema) });

/** The live token stream, resuming after `lastEventId` (set by httpSubscriptionLink, or Last-Event-ID over SSE). */
export const tokenStreamInput = z.object({ lastEventId: eventIdSchema.nullish() });
export type TokenSourceHealth = z.infer<typeof tokenSourceHealthSchema>;
