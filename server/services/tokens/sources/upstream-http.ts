import type { SourceName } from '../types';
import { parseRetryAfter, UpstreamHttpError, UpstreamMalformedError } from './upstream-errors';

/** How an adapter reaches its upstream: one GET returning parsed JSON, or an upstream error. */
export interface UpstreamClient<N extends string = SourceName> {
  readonly source: N;
  getJson(pathAndQuery: string): Promise<unknown>;
}

export interface HttpUpstreamOptions<N extends string = SourceName> {
  source: N;
  baseUrl: string;
  headers?: Record<string, string>;
  fetch?: typeof fetch;
  /** Sees every answer's status and headers (an upstream's used-weight headers), errors included. */
  onResponse?: (status: number, headers: Headers) => void;
  /**
   * Error statuses whose JSON body is returned rather than thrown, for upstreams that answer a per-request
   * problem (an unknown symbol) with a documented error body: the adapter reads it, and the breaker does
   * not count one bad symbol as the upstream being down.
   */
  bodyOnStatus?: readonly number[];
}

/** One GET against the upstream's base URL; the caller's signal cancels it (timeouts). */
export function httpGetJson<N extends string>(opts: HttpUpstreamOptions<N>) {
  const base = opts.baseUrl.replace(/\/+$/, '');
  const doFetch = opts.fetch ?? fetch;
  return async (pathAndQuery: string, signal?: AbortSignal): Promise<unknown> => {
    const response = await doFetch(base + pathAndQuery, {
      headers: { accept: 'application/json', ...opts.headers },
      signal,
    });
    opts.onResponse?.(response.status, response.headers);
    if (!response.ok && !opts.bodyOnStatus?.includes(response.status)) {
      // Drain the body so the connection can be reused.
      await response.body?.cancel().catch(() => undefined);
      throw new UpstreamHttpError(opts.source, response.status, parseRetryAfter(response.headers.get('retry-after')));
    }
    const text = await response.text();
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new UpstreamMalformedError(opts.source, `not JSON (${text.slice(0, 40)}…)`);
    }
  };
}

/** An upstream client with no resilience around it (contract tests; the policies wrap this function). */
export function createPlainUpstream<N extends string>(opts: HttpUpstreamOptions<N>): UpstreamClient<N> {
  const get = httpGetJson(opts);
  return { source: opts.source, getJson: (path) => get(path) };
}
