import { readFixture } from '../../support/recorded-fetch';

export { json, recordedFetch } from '../../support/recorded-fetch';

/** A recorded provider body from tests/fixtures/market-sources. */
export const fixture = (name: string): string => readFixture('market-sources', name);

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
