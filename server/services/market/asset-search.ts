import { and, asc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { assets, type Asset, type AssetKind } from '@/db/schema/market';
import { AppError } from '@/server/errors';
import type { Db } from '@/server/infra/db/types';
import { containsPattern } from '@/server/infra/db/contains-pattern';

export interface AssetQuery {
  q?: string;
  kind?: AssetKind;
  cursor?: string | null;
  limit: number;
}

export interface AssetPage {
  items: Asset[];
  nextCursor: string | null;
}

/**
 * The catalogue, optionally searched and filtered. A search matches a symbol prefix, a name substring, or
 * a trigram-similar symbol/name (typos: "etherium" finds Ethereum), best match first; the trigram GIN
 * indexes serve both `%` and ILIKE. The cursor is an offset: the catalogue is small and a relevance order
 * has no stable key to seek on.
 */
export async function listAssets(db: Db, query: AssetQuery): Promise<AssetPage> {
  const offset = query.cursor ? decodeCursor(query.cursor) : 0;
  const q = query.q?.trim();
  const filters: SQL[] = [eq(assets.active, true)];
  if (query.kind) filters.push(eq(assets.kind, query.kind));
  let order: SQL[] = [asc(assets.symbol)];
  if (q) {
    const pattern = containsPattern(q);
    filters.push(
      or(
        ilike(assets.symbol, pattern),
        ilike(assets.name, pattern),
        sql`${assets.symbol} % ${q}`,
        sql`${q} <% ${assets.name}`,
      )!,
    );
    order = [
      sql`(upper(${assets.symbol}) = upper(${q})) desc`,
      sql`greatest(similarity(${assets.symbol}, ${q}), word_similarity(${q}, ${assets.name})) desc`,
      asc(assets.symbol),
    ];
  }
  const rows = await db
    .select()
    .from(assets)
    .where(and(...filters))
    .orderBy(...order)
    .limit(query.limit + 1)
    .offset(offset);
  const more = rows.length > query.limit;
  return { items: rows.slice(0, query.limit), nextCursor: more ? encodeCursor(offset + query.limit) : null };
}

export async function getAsset(db: Db, symbol: string): Promise<Asset> {
  const [asset] = await db.select().from(assets).where(eq(assets.symbol, symbol.toUpperCase()));
  if (!asset) throw new AppError('NOT_FOUND', `Unknown asset ${symbol}`, { reason: 'UNKNOWN_SYMBOL', details: { symbol } });
  return asset;
}

const encodeCursor = (offset: number) => btoa(`o:${offset}`);

/** Far past the catalogue's end; an edited cursor beyond it is refused rather than sent to Postgres. */
const MAX_OFFSET = 100_000;

function decodeCursor(cursor: string): number {
  const match = /^o:(\d{1,6})$/.exec(safeAtob(cursor));
  const offset = match ? Number(match[1]) : NaN;
  if (!(offset <= MAX_OFFSET)) {
    throw new AppError('BAD_REQUEST', 'Invalid cursor', { reason: 'INVALID_CURSOR', details: { fieldErrors: { cursor: ['Invalid cursor'] } } });
  }
  return offset;
}

function safeAtob(text: string): string {
  try {
    return atob(text);
  } catch {
    return '';
  }
}
