import { and, eq, isNotNull } from 'drizzle-orm';
import { assets } from '@/db/schema';
import type { Db } from '@/server/infra/db/types';
import { canonicalAddress, isChain } from './chains';
import type { TokenRef } from './types';

/** Catalogue assets with a chain we track and a valid contract address: always followed. */
export async function catalogueTokens(db: Db): Promise<TokenRef[]> {
  const rows = await db
    .select({ chain: assets.chain, address: assets.contractAddress })
    .from(assets)
    .where(and(eq(assets.active, true), isNotNull(assets.chain), isNotNull(assets.contractAddress)));
  const refs: TokenRef[] = [];
  for (const row of rows) {
    if (!row.chain || !row.address || !isChain(row.chain)) continue;
    const address = canonicalAddress(row.chain, row.address);
    if (address) refs.push({ chain: row.chain, address });
  }
  return refs;
}
