import { and, asc, eq, gt, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { Page } from '@/contracts/common';
import { assets, type Asset, type AssetKind } from '@/db/schema/market';
import { AppError } from '@/server/errors';
import type { Db } from '@/server/infra/db/types';
import { containsPattern } from '@/server/infra/db/contains-pattern';
import type { ListOrder } from '@/server/services/pagination/cursor';
import { mapPage, paginate } from '@/server/services/pagination/paginate';

export interface AssetQuery {
  q?: string;
  kind?: AssetKind;
  cursor?: string | null;
  limit: number;
}

/** Without a search: by symbol. */
const BY_SYMBOL: ListOrder = { list: 'assets', sort: 'symbol', dir: 'asc', key: ['text'] };
/**
 * With a search: exact symbol first, then best similarity, then symbol. Paged on that computed key, as
 * Postgres prints it (a real's text form reads back to the same value), so pages never overlap or skip.
 */
const BY_RELEVANCE: ListOrder = { list: 'assets', sort: 'relevance', dir: 'asc', key: ['integer', 'real', 'text'] };

/**
 * The catalogue, optionally searched and filtered. A search matches a symbol prefix, a name substring, or
 * a trigram-similar symbol/name (typos: "etherium" finds Ethereum), best match first; the trigram GIN
 * indexes serve both `%` and ILIKE.
 */
export async function listAssets(db: Db, query: AssetQuery): Promise<Page<Asset>> {
  const q = query.q?.trim();
  const filters: SQL[] = [eq(assets.active, true)];
  if (query.kind) filters.push(eq(assets.kind, query.kind));
  if (!q) {
    return paginate(
      query,
      BY_SYMBOL,
      (after, take) =>
        db
          .select()
          .from(assets)
          .where(and(...filters, after ? gt(assets.symbol, after[0]!) : undefined))
          .orderBy(asc(assets.symbol))
          .limit(take),
      (asset) => [asset.symbol],
    );
  }
  const pattern = containsPattern(q);
  filters.push(
    or(ilike(assets.symbol, pattern), ilike(assets.name, pattern), sql`${assets.symbol} % ${q}`, sql`${q} <% ${assets.name}`)!,
  );
  // Ascending parts: 0 for an exact symbol match, then the negated similarity, then the symbol.
  const exact = sql<number>`(case when upper(${assets.symbol}) = upper(${q}) then 0 else 1 end)`;
  const distance = sql<number>`(-greatest(similarity(${assets.symbol}, ${q}), word_similarity(${q}, ${assets.name})))`;
  const page = await paginate(
    query,
    BY_RELEVANCE,
    (after, take) =>
      db
        .select({ asset: assets, exact: sql<string>`${exact}::text`, distance: sql<string>`${distance}::text` })
        .from(assets)
        .where(and(...filters, after ? sql`(${exact}, ${distance}, ${assets.symbol}) > (${after[0]}::int, ${after[1]}::real, ${after[2]})` : undefined))
        .orderBy(sql`${exact} asc`, sql`${distance} asc`, asc(assets.symbol))
        .limit(take),
    (row) => [row.exact, row.distance, row.asset.symbol],
  );
  return mapPage(page, (row) => row.asset);
}

export async function getAsset(db: Db, symbol: string): Promise<Asset> {
  const [asset] = await db.select().from(assets).where(eq(assets.symbol, symbol));
  if (!asset) throw new AppError('NOT_FOUND', `Unknown asset ${symbol}`, { reason: 'UNKNOWN_SYMBOL', details: { symbol } });
  return asset;
}
