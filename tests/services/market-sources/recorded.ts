import { readFileSync } from 'node:fs';
import path from 'node:path';

/** A recorded provider body from tests/fixtures/market-sources. */
export function fixture(name: string): string {
  return readFileSync(path.join(import.meta.dirname, '../../fixtures/market-sources', name), 'utf8');
}

/** A `fetch` answering from a queue of recorded responses; keeps every URL and header it was asked with. */
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

export const json =
  (body: string, status = 200, headers: Record<string, string> = {}) =>
  () =>
    new Response(body, { status, headers: { 'content-type': 'application/json', ...headers } });

/** The fixture's product assets. */
export const BTC = { symbol: 'BTC', sourceSymbol: 'BTCUSDT', pricePrecision: 2, qtyPrecision: 5 };
export const ETH = { symbol: 'ETH', sourceSymbol: 'ETHUSDT', pricePrecision: 2, qtyPrecision: 4 };
export const SOL = { symbol: 'SOL', sourceSymbol: 'SOLUSDT', pricePrecision: 2, qtyPrecision: 3 };
export const AAPL = { symbol: 'AAPL', sourceSymbol: 'AAPL', pricePrecision: 2, qtyPrecision: 0 };
export const MSFT = { symbol: 'MSFT', sourceSymbol: 'MSFT', pricePrecision: 2, qtyPrecision: 0 };

/** Resolves when `check` holds (polled), or fails after `ms`. */
export async function until(check: () => boolean, ms = 5_000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
