import { assets } from '@/db/schema/market';
import type { Db } from '@/server/infra/db/types';
import { CATALOGUE } from './catalogue';

/** Inserts catalogue assets that are missing; existing rows (and any edits to them) are left alone. */
export async function seedAssets(db: Db): Promise<number> {
  const inserted = await db
    .insert(assets)
    .values(
      CATALOGUE.map((a) => ({
        symbol: a.symbol,
        name: a.name,
        kind: a.kind,
        chain: a.chain ?? null,
        contractAddress: a.contractAddress ?? null,
        pricePrecision: a.pricePrecision,
        qtyPrecision: a.qtyPrecision,
        basePrice: a.basePrice,
        volatility: a.volatility,
      })),
    )
    .onConflictDoNothing({ target: assets.symbol })
    .returning({ symbol: assets.symbol });
  return inserted.length;
}
