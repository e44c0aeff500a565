import type { Cache } from '@/server/infra/cache/types';
import { createUpstreamBudget } from '@/server/services/tokens/sources/upstream-budget';
import { UpstreamMalformedError } from '@/server/services/tokens/sources/upstream-errors';
import { httpGetJson, type UpstreamClient } from '@/server/services/tokens/sources/upstream-http';
import {
  createResilientUpstream,
  DEFAULT_UPSTREAM_POLICY,
  upstreamPolicy,
  type ResilientUpstream,
  type UpstreamPolicyOptions,
} from '@/server/services/tokens/sources/upstream-policy';
import { yahooChartBody, type YahooChartResult } from './yahoo-schemas';

export const YAHOO_BASE_URL = 'https://query1.finance.yahoo.com';
/**
 * Yahoo publishes no limit for this unofficial API; a minute's 60 requests (50 used, see the budget) stays
 * far below what gets a client refused, and polls 25 symbols every 30 s.
 */
export const YAHOO_REQUESTS_PER_MINUTE = 60;
/** Yahoo refuses requests without a browser-like User-Agent (429 on the first call). */
export const YAHOO_USER_AGENT = 'Mozilla/5.0 (compatible; PrimeTrade/1.0)';
/** Status codes Yahoo answers with a `chart.error` body about the request (unknown symbol, range too old). */
const CHART_ERROR_STATUSES = [400, 404, 422] as const;

/** Yahoo answered with `chart.error`: the request (symbol, range) is the problem, not the upstream. */
export class YahooChartError extends Error {
  constructor(
    readonly symbol: string,
    readonly code: string,
    description: string | null | undefined,
  ) {
    super(`yahoo: ${symbol}: ${code}${description ? ` (${description})` : ''}`);
    this.name = 'YahooChartError';
  }
}

export interface YahooChartOptions {
  baseUrl?: string;
  cache: Cache;
  policy?: Partial<UpstreamPolicyOptions>;
  requestsPerMinute?: number;
  userAgent?: string;
  budgetKeyPrefix?: string;
  fetch?: typeof fetch;
  now?: () => number;
}

export interface YahooChart {
  readonly upstream: ResilientUpstream<'yahoo'>;
  /** Today's 1m chart (`interval=1m&range=1d`): the live quote, the session, today's bars. */
  today(sourceSymbol: string): Promise<YahooChartResult>;
  /** 1m bars between two epoch-second bounds (`period1`/`period2`). */
  range(sourceSymbol: string, period1: number, period2: number): Promise<YahooChartResult>;
}

/** The chart endpoint through the shared upstream policy and a request budget in the cache. */
export function createYahooChart(opts: YahooChartOptions): YahooChart {
  const upstream = createResilientUpstream({
    source: 'yahoo',
    get: httpGetJson({
      source: 'yahoo',
      baseUrl: opts.baseUrl ?? YAHOO_BASE_URL,
      headers: { 'user-agent': opts.userAgent ?? YAHOO_USER_AGENT },
      bodyOnStatus: CHART_ERROR_STATUSES,
      fetch: opts.fetch,
    }),
    policy: upstreamPolicy({ ...DEFAULT_UPSTREAM_POLICY, ...opts.policy }),
    budget: createUpstreamBudget({
      cache: opts.cache,
      source: 'yahoo',
      limitPerMinute: opts.requestsPerMinute ?? YAHOO_REQUESTS_PER_MINUTE,
      keyPrefix: opts.budgetKeyPrefix ?? 'market:budget',
      now: opts.now,
    }),
    now: opts.now,
  });
  return { ...yahooChartOver(upstream), upstream };
}

/** The chart calls over any client (contract tests pass a plain one). */
export function yahooChartOver(client: UpstreamClient<'yahoo'>) {
  const get = async (sourceSymbol: string, query: string): Promise<YahooChartResult> => {
    const raw = await client.getJson(`/v8/finance/chart/${encodeURIComponent(sourceSymbol)}?${query}`);
    const body = yahooChartBody.safeParse(raw);
    if (!body.success) throw new UpstreamMalformedError('yahoo', `chart: ${body.error.issues[0]?.message ?? 'bad shape'}`);
    const { result, error } = body.data.chart;
    if (error) throw new YahooChartError(sourceSymbol, error.code, error.description);
    const first = result?.[0];
    if (!first) throw new UpstreamMalformedError('yahoo', 'chart: no result and no error');
    return first;
  };
  return {
    today: (sourceSymbol: string) => get(sourceSymbol, 'interval=1m&range=1d'),
    range: (sourceSymbol: string, period1: number, period2: number) =>
      get(sourceSymbol, `interval=1m&period1=${period1}&period2=${period2}`),
  };
}
