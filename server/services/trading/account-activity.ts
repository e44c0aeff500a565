import { and, desc, eq, inArray } from 'drizzle-orm';
import { fills, orders } from '@/db/schema';
import type { Db } from '@/server/infra/db/types';
import { ensureAccount } from './accounts';
import { money, str } from './money';
import type { z } from 'zod';
import type { accountActivitySchema } from '@/contracts/account';

/** Something that happened to the user's account that they should hear about. */
export type AccountActivity = z.infer<typeof accountActivitySchema>;

/**
 * The latest fills, rejections and expiries of the user's orders, newest first: the dashboard's
 * notifications until alerts have their own inbox. Two bounded reads merged here.
 */
export async function listAccountActivity(db: Db, userId: string, limit: number): Promise<AccountActivity[]> {
  const account = await ensureAccount(db, userId);
  const [fillRows, orderRows] = await Promise.all([
    db
      .select()
      .from(fills)
      .where(eq(fills.accountId, account.id))
      .orderBy(desc(fills.createdAt), desc(fills.id))
      .limit(limit),
    db
      .select()
      .from(orders)
      .where(and(eq(orders.accountId, account.id), inArray(orders.status, ['rejected', 'expired'])))
      .orderBy(desc(orders.updatedAt), desc(orders.id))
      .limit(limit),
  ]);
  const dec = (v: string) => str(money(v));
  const items: AccountActivity[] = [
    ...fillRows.map((f) => ({
      kind: 'fill' as const,
      id: f.id,
      at: f.createdAt,
      orderId: f.orderId,
      symbol: f.symbol,
      side: f.side,
      qty: dec(f.qty),
      price: dec(f.price),
    })),
    ...orderRows.map((o) => ({
      kind: o.status as 'rejected' | 'expired',
      id: o.id,
      at: o.updatedAt,
      orderId: o.id,
      symbol: o.symbol,
      side: o.side,
      qty: dec(o.qty),
      reason: o.reason,
      message: o.reasonMessage,
    })),
  ];
  return items.sort((a, b) => b.at.getTime() - a.at.getTime() || b.id.localeCompare(a.id)).slice(0, limit);
}
