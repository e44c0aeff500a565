import type { SourceName } from '../types';
import { parseRetryAfter, UpstreamHttpError, UpstreamMalformedError } from './upstream-errors';

/** How an adapter reaches its upstream: one GET returning parsed JSON, or an upstream error. */
export interface UpstreamClient {
  readonly source: SourceName;
  getJson(pathAndQuery: string): Promise<unknown>;
}

export interface HttpUpstreamOptions {
  source: SourceName;
  baseUrl: string;
  headers?: Record<string, string>;
  fetch?: typeof fetch;
}

/** One GET against the upstream's base URL; the caller's signal cancels it (timeouts). */
export function httpGetJson(opts: HttpUpstreamOptions) {
  const base = opts.baseUrl.replace(/\/+$/, '');
  const doFetch = opts.fetch ?? fetch;
  return async (pathAndQuery: string, signal?: AbortSignal): Promise<unknown> => {
    const response = await doFetch(base + pathAndQuery, {
      headers: { accept: 'application/json', ...opts.headers },
      signal,
    });
    if (!response.ok) {
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
export function createPlainUpstream(opts: HttpUpstreamOptions): UpstreamClient {
  const get = httpGetJson(opts);
  return { source: opts.source, getJson: (path) => get(path) };
}
