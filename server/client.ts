/**
 * The typed internal client for scripts and services:
 *
 *   const pt = createPrimeTradeClient({ url: 'http://localhost:3000', token });
 *   const me = await pt.auth.me.query();
 *
 * `token` is an access token from `auth.token` (or `POST /api/v1/auth/token`). Subscriptions need an
 * EventSource; in Node pass the `eventsource` package's:
 *
 *   import { EventSource } from 'eventsource';
 *   const pt = createPrimeTradeClient({ url, EventSource });
 *   pt.stream.prices.subscribe({ symbols: ['BTC'] }, { onData: ({ id, data }) => … });
 */
import { createTRPCClient, TRPCClientError } from '@trpc/client';
import type { AppRouter } from './api/root';
import { primeTradeLinks, type LinkOptions } from './api/links';

export interface PrimeTradeClientOptions {
  url: string;
  token?: string;
  /** Route public routers to the edge endpoint; only useful against a cloud deployment. */
  edge?: boolean;
  /** EventSource implementation for subscriptions outside the browser. */
  EventSource?: LinkOptions['EventSource'];
}

export function createPrimeTradeClient(opts: PrimeTradeClientOptions) {
  const headers = (): Record<string, string> => (opts.token ? { authorization: `Bearer ${opts.token}` } : {});
  return createTRPCClient<AppRouter>({
    links: primeTradeLinks({
      baseUrl: opts.url.replace(/\/+$/, ''),
      edgeEnabled: opts.edge ?? false,
      headers,
      EventSource: opts.EventSource,
      // The `eventsource` package takes a fetch to customise; that is how the token reaches subscriptions.
      eventSourceInit: opts.token
        ? () => ({ fetch: (url: string | URL, init?: RequestInit) => fetch(url, { ...init, headers: { ...init?.headers, ...headers() } }) })
        : undefined,
    }),
  });
}

export type PrimeTradeClient = ReturnType<typeof createPrimeTradeClient>;

export function isPrimeTradeError(error: unknown): error is TRPCClientError<AppRouter> {
  return error instanceof TRPCClientError;
}

export type { AppRouter };
