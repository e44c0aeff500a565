import type { Page } from '@/contracts/common';
import { decodeCursor, encodeCursor, type ListOrder } from './cursor';

export interface PageRequest {
  cursor?: string | null;
  limit: number;
}

/**
 * One page of a keyset-paged list. `fetch` reads at most `take` rows in `order`, strictly after `after` (the
 * key of the last row the client saw; null on the first page); `keyOf` gives a row's key as text, in the
 * order's key parts. Rows inserted while a client pages never shift the rows it has not seen yet.
 */
export async function paginate<Row>(
  request: PageRequest,
  order: ListOrder,
  fetch: (after: string[] | null, take: number) => Promise<Row[]>,
  keyOf: (row: Row) => string[],
): Promise<Page<Row>> {
  const after = request.cursor ? decodeCursor(request.cursor, order) : null;
  const rows = await fetch(after, request.limit + 1);
  const data = rows.slice(0, request.limit);
  const last = data.at(-1);
  return { data, nextCursor: rows.length > request.limit && last ? encodeCursor(order, keyOf(last)) : null };
}

/** The same page with each row shaped for clients. */
export function mapPage<Row, View>(page: Page<Row>, view: (row: Row) => View): Page<View> {
  return { data: page.data.map(view), nextCursor: page.nextCursor };
}
