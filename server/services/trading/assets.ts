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

/** The asset an order or halt names (upper-cased by the contract); unknown or inactive: UNKNOWN_SYMBOL (404), marking the field. */
export async function loadTradableAsset(db: Db, symbol: string): Promise<TradableAsset> {
  const hit = remembered.get(symbol);
  if (hit && hit.until > Date.now()) return hit.asset;
  const [row] = await db
    .select({ symbol: assets.symbol, pricePrecision: assets.pricePrecision, qtyPrecision: assets.qtyPrecision, active: assets.active })
    .from(assets)
    .where(eq(assets.symbol, symbol));
  if (!row || !row.active) {
    throw new AppError('NOT_FOUND', `${symbol} is not a tradable symbol`, {
      reason: 'UNKNOWN_SYMBOL',
      details: { symbol, fieldErrors: { symbol: [`${symbol} is not a tradable symbol`] } },
    });
  }
  const asset = { symbol: row.symbol, pricePrecision: row.pricePrecision, qtyPrecision: row.qtyPrecision };
  remembered.set(symbol, { asset, until: Date.now() + REMEMBER_MS });
  return asset;
}
