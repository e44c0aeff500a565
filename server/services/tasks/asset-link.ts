import { assets } from '@/db/schema';
import { AppError } from '@/server/errors';
import type { Db } from '@/server/infra/db/types';

/** Every catalogue symbol (active or not: a task may keep pointing at a delisted asset's page). */
export async function catalogueSymbols(db: Db): Promise<ReadonlySet<string>> {
  const rows = await db.select({ symbol: assets.symbol }).from(assets);
  return new Set(rows.map((r) => r.symbol));
}

export function unknownAssetMessage(symbol: string): string {
  return `No asset ${symbol} in the catalogue`;
}

/** A task links to an asset's page, so the symbol must name one: a typo is a field error, not a dead link. */
export async function assertTaskAsset(db: Db, symbol: string | null | undefined): Promise<void> {
  if (!symbol) return;
  if ((await catalogueSymbols(db)).has(symbol)) return;
  const message = unknownAssetMessage(symbol);
  throw new AppError('BAD_REQUEST', message, { details: { fieldErrors: { assetSymbol: [message] } } });
}
