import { httpBatchLink, httpSubscriptionLink, splitLink, type TRPCLink } from '@trpc/client';
import superjson from 'superjson';
import type { AppRouter } from './root';
import { endpointFor } from './routing';

type SubscriptionLinkOptions = Parameters<typeof httpSubscriptionLink>[0];

export interface LinkOptions {
  /** Origin of the PrimeTrade server; '' in the browser (same origin). */
  baseUrl: string;
  /** Send public routers to the edge endpoint (cloud profile only). */
  edgeEnabled: boolean;
  headers?: () => Record<string, string>;
  /** EventSource for subscriptions: the browser's by default; in Node pass the `eventsource` package's. */
  EventSource?: SubscriptionLinkOptions['EventSource'];
  /** Init for each EventSource, e.g. `{ fetch }` adding an authorization header (browsers send cookies). */
  eventSourceInit?: () => Record<string, unknown>;
}

/** The links both the browser and the typed client use: each operation goes to its endpoint. */
export function primeTradeLinks(opts: LinkOptions): TRPCLink<AppRouter>[] {
  const endpoint = (which: 'edge' | 'node') =>
    httpBatchLink<AppRouter>({
      url: `${opts.baseUrl}/api/trpc/${which}`,
      transformer: superjson,
      headers: opts.headers,
    });
  // Subscriptions (live prices) are long-lived SSE requests; everything else is batched.
  const subscription = (which: 'edge' | 'node') =>
    httpSubscriptionLink({
      url: `${opts.baseUrl}/api/trpc/${which}`,
      transformer: superjson,
      EventSource: opts.EventSource,
      eventSourceOptions: opts.eventSourceInit,
    }) as TRPCLink<AppRouter>;
  const byEndpoint = (link: typeof endpoint | typeof subscription) =>
    splitLink<AppRouter>({
      condition: (op) => endpointFor(op.path, opts.edgeEnabled) === 'edge',
      true: link('edge'),
      false: link('node'),
    });
  return [
    splitLink({
      condition: (op) => op.type === 'subscription',
      true: byEndpoint(subscription),
      false: byEndpoint(endpoint),
    }),
  ];
}
