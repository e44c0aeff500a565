import { assets } from '@/db/schema/market';
import type { Db } from '@/server/infra/db/types';
import { CATALOGUE } from './catalogue';

/** Inserts catalogue assets that are missing; existing rows (and any edits to them) are left alone. */
export async function seedAssets(db: Db): Promise<number> {
  const inserted = await db
    .insert(assets)
    .values(CATALOGUE.map(({ binance: _b, yahoo: _y, ...a }) => ({ ...a, chain: a.chain ?? null, contractAddress: a.contractAddress ?? null })))
    .onConflictDoNothing({ target: assets.symbol })
    .returning({ symbol: assets.symbol });
  return inserted.length;
}
