import { readFileSync } from 'node:fs';
import path from 'node:path';

/** A recorded provider body from `tests/fixtures/<dir>`. */
export function readFixture(dir: string, name: string): string {
  return readFileSync(path.join(import.meta.dirname, '../fixtures', dir, name), 'utf8');
}

/**
 * A `fetch` that answers from a queue of recorded responses and keeps every request it saw (URL and
 * headers), so a contract test checks both what the adapter asks and how it reads the answer.
 */
export function recordedFetch(...responses: (() => Response)[]) {
  const requests: { url: string; headers: Headers }[] = [];
  const fetchFn = (async (input: string | URL | Request, init?: RequestInit) => {
    requests.push({ url: String(input), headers: new Headers(init?.headers) });
    const next = responses.shift();
    if (!next) throw new Error('no more recorded responses');
    return next();
  }) as typeof fetch;
  return { fetch: fetchFn, requests };
}

/** A recorded JSON response, made fresh each time it is served. */
export const json = (body: string, status = 200, headers: Record<string, string> = {}) => () =>
  new Response(body, { status, headers: { 'content-type': 'application/json', ...headers } });
