import { z } from 'zod';

/**
 * Yahoo's chart API (`GET /v8/finance/chart/{symbol}`), unofficial and undocumented: the shape below is what
 * it answers (recorded in tests/fixtures/market-sources). Times are epoch seconds; prices are binary floats;
 * an interval without trades is `null` in every array.
 */

const nullableNumbers = z.array(z.number().nullable());
const period = z.object({ timezone: z.string(), start: z.number().int(), end: z.number().int(), gmtoffset: z.number().int() });

export const yahooChartMeta = z.looseObject({
  symbol: z.string(),
  currency: z.string().nullable().optional(),
  exchangeTimezoneName: z.string(),
  regularMarketPrice: z.number().optional(),
  regularMarketTime: z.number().int().optional(),
  regularMarketVolume: z.number().optional(),
  currentTradingPeriod: z.object({ pre: period.optional(), regular: period, post: period.optional() }).optional(),
});

export const yahooChartResult = z.object({
  meta: yahooChartMeta,
  /** Absent when the range holds no bars (a holiday). */
  timestamp: z.array(z.number().int()).optional(),
  indicators: z.object({
    quote: z
      .array(
        z.object({
          open: nullableNumbers.optional(),
          high: nullableNumbers.optional(),
          low: nullableNumbers.optional(),
          close: nullableNumbers.optional(),
          volume: nullableNumbers.optional(),
        }),
      )
      .min(1),
  }),
});

export const yahooChartError = z.object({ code: z.string(), description: z.string().nullable().optional() });

export const yahooChartBody = z.object({
  chart: z.object({
    result: z.array(yahooChartResult).nullable(),
    error: yahooChartError.nullable(),
  }),
});

export type YahooChartResult = z.infer<typeof yahooChartResult>;
