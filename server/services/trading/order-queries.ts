import { and, desc, eq, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { fills, orders, positions, type OrderStatus } from '@/db/schema';
import { AppError } from '@/server/errors';
import type { Cache } from '@/server/infra/cache/types';
import type { Db } from '@/server/infra/db/types';
import { getLatestTick } from '@/server/services/market/price-tick';
import { ensureAccount } from './accounts';
import { money } from './money';
import { toFillView, toOrderView, toPositionView } from './order-view';

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/**
 * Newest first; the cursor is the last row's id, and (created_at, id) breaks ties between same-instant rows.
 * The cursor row is looked up within the caller's account, so another account's id positions nothing.
 */
function after(table: typeof orders | typeof fills, accountId: string, cursor: string | undefined): SQL | undefined {
  if (!cursor) return undefined;
  const sub = sql`(select created_at from ${table} where id = ${cursor} and account_id = ${accountId})`;
  return or(lt(table.createdAt, sub), and(eq(table.createdAt, sub), lt(table.id, cursor)));
}

export async function listOrders(
  db: Db,
  userId: string,
  opts: { status?: OrderStatus[]; symbol?: string; cursor?: string; limit: number },
) {
  const account = await ensureAccount(db, userId);
  const rows = await db
    .select()
    .from(orders)
    .where(
      and(
        eq(orders.accountId, account.id),
        opts.status?.length ? inArray(orders.status, opts.status) : undefined,
        opts.symbol ? eq(orders.symbol, opts.symbol.toUpperCase()) : undefined,
        after(orders, account.id, opts.cursor),
      ),
    )
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(opts.limit + 1);
  return page(rows.map(toOrderView), opts.limit);
}

export async function getOrder(db: Db, userId: string, orderId: string) {
  const account = await ensureAccount(db, userId);
  const [row] = await db
    .select()
    .from(orders)
    .where(and(eq(orders.id, orderId), eq(orders.accountId, account.id)));
  if (!row) throw new AppError('NOT_FOUND', 'Order not found');
  return toOrderView(row);
}

export async function listFills(db: Db, userId: string, opts: { symbol?: string; orderId?: string; cursor?: string; limit: number }) {
  const account = await ensureAccount(db, userId);
  const rows = await db
    .select()
    .from(fills)
    .where(
      and(
        eq(fills.accountId, account.id),
        opts.symbol ? eq(fills.symbol, opts.symbol.toUpperCase()) : undefined,
        opts.orderId ? eq(fills.orderId, opts.orderId) : undefined,
        after(fills, account.id, opts.cursor),
      ),
    )
    .orderBy(desc(fills.createdAt), desc(fills.id))
    .limit(opts.limit + 1);
  return page(rows.map(toFillView), opts.limit);
}

/** Open positions with their live mark (null when the feed has no price for the symbol). */
export async function listPositions(db: Db, cache: Cache, userId: string) {
  const account = await ensureAccount(db, userId);
  const rows = await db.select().from(positions).where(eq(positions.accountId, account.id)).orderBy(positions.symbol);
  const open = rows.filter((p) => !money(p.qty).isZero());
  return Promise.all(
    open.map(async (p) => toPositionView(p, (await getLatestTick(cache, p.symbol))?.price ?? null)),
  );
}

function page<T extends { id: string }>(rows: T[], limit: number): Page<T> {
  const data = rows.slice(0, limit);
  return { data, nextCursor: rows.length > limit ? data[data.length - 1]!.id : null };
}
