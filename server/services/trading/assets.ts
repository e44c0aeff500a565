import { eq } from 'drizzle-orm';
import { assets } from '@/db/schema';
import { AppError } from '@/server/errors';
import type { Db } from '@/server/infra/db/types';

export interface TradableAsset {
  symbol: string;
  pricePrecision: number;
  qtyPrecision: number;
}

/**
 * Precisions change rarely and every order needs them, so they are remembered for a minute per process
 * (one statement less per order). Unknown symbols are not remembered: a newly listed asset trades at once.
 */
const remembered = new Map<string, { asset: TradableAsset; until: number }>();
const REMEMBER_MS = 60_000;

/** The asset an order names; an unknown or inactive symbol is a field error, not a missing resource. */
export async function loadTradableAsset(db: Db, symbol: string): Promise<TradableAsset> {
  const key = symbol.toUpperCase();
  const hit = remembered.get(key);
  if (hit && hit.until > Date.now()) return hit.asset;
  const [row] = await db
    .select({ symbol: assets.symbol, pricePrecision: assets.pricePrecision, qtyPrecision: assets.qtyPrecision, active: assets.active })
    .from(assets)
    .where(eq(assets.symbol, symbol.toUpperCase()));
  if (!row || !row.active) {
    throw new AppError('BAD_REQUEST', 'Invalid input', {
      reason: 'UNKNOWN_SYMBOL',
      details: { fieldErrors: { symbol: [`${symbol} is not a tradable symbol`] } },
    });
  }
  const asset = { symbol: row.symbol, pricePrecision: row.pricePrecision, qtyPrecision: row.qtyPrecision };
  remembered.set(key, { asset, until: Date.now() + REMEMBER_MS });
  return asset;
}
