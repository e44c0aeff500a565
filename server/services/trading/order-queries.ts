import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Page } from '@/contracts/common';
import { fills, orders, positions, type OrderStatus } from '@/db/schema';
import { AppError } from '@/server/errors';
import type { Cache } from '@/server/infra/cache/types';
import type { Db } from '@/server/infra/db/types';
import { getLatestTick } from '@/server/services/market/price-tick';
import { ensureAccount } from './accounts';
import { money } from './money';
import type { ListOrder } from '@/server/services/pagination/cursor';
import { mapPage, paginate, type PageRequest } from '@/server/services/pagination/paginate';
import { toFillView, toOrderView, toPositionView, type FillView, type OrderView } from './order-view';

const newestFirst = (list: string): ListOrder => ({ list, sort: 'createdAt', dir: 'desc', key: ['timestamptz', 'uuid'] });
const ORDERS_NEWEST_FIRST = newestFirst('orders');
const FILLS_NEWEST_FIRST = newestFirst('fills');

/** Newest first; (created_at, id) breaks ties between same-instant rows. */
function newestFirstAfter(table: typeof orders | typeof fills, after: string[] | null): SQL | undefined {
  return after ? sql`(${table.createdAt}, ${table.id}) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : undefined;
}

export async function listOrders(db: Db, userId: string, query: PageRequest & { status?: OrderStatus[]; symbol?: string }): Promise<Page<OrderView>> {
  const account = await ensureAccount(db, userId);
  const page = await paginate(
    query,
    ORDERS_NEWEST_FIRST,
    (after, take) =>
      db
        .select({ order: orders, key: sql<string>`${orders.createdAt}::text` })
        .from(orders)
        .where(
          and(
            eq(orders.accountId, account.id),
            query.status?.length ? inArray(orders.status, query.status) : undefined,
            query.symbol ? eq(orders.symbol, query.symbol) : undefined,
            newestFirstAfter(orders, after),
          ),
        )
        .orderBy(desc(orders.createdAt), desc(orders.id))
        .limit(take),
    (row) => [row.key, row.order.id],
  );
  return mapPage(page, (row) => toOrderView(row.order));
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

export async function listFills(db: Db, userId: string, query: PageRequest & { symbol?: string; orderId?: string }): Promise<Page<FillView>> {
  const account = await ensureAccount(db, userId);
  const page = await paginate(
    query,
    FILLS_NEWEST_FIRST,
    (after, take) =>
      db
        .select({ fill: fills, key: sql<string>`${fills.createdAt}::text` })
        .from(fills)
        .where(
          and(
            eq(fills.accountId, account.id),
            query.symbol ? eq(fills.symbol, query.symbol) : undefined,
            query.orderId ? eq(fills.orderId, query.orderId) : undefined,
            newestFirstAfter(fills, after),
          ),
        )
        .orderBy(desc(fills.createdAt), desc(fills.id))
        .limit(take),
    (row) => [row.key, row.fill.id],
  );
  return mapPage(page, (row) => toFillView(row.fill));
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
