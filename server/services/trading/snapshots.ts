import { eq } from 'drizzle-orm';
import { equitySnapshots, positions, type PaperAccount } from '@/db/schema';
import type { Db } from '@/server/infra/db/types';
import { money, str, ZERO, type Money } from './money';

export type MarkLookup = (symbol: string) => Promise<Money | null>;

/** Σ qty × mark over the account's positions; a position without a live mark is valued at its cost basis. */
export async function positionsValue(db: Db, accountId: string, marks: MarkLookup): Promise<Money> {
  const rows = await db
    .select({ symbol: positions.symbol, qty: positions.qty, costBasis: positions.costBasis })
    .from(positions)
    .where(eq(positions.accountId, accountId));
  let total = ZERO;
  for (const row of rows) {
    if (money(row.qty).isZero()) continue;
    const mark = await marks(row.symbol);
    total = total.plus(mark ? money(row.qty).mul(mark) : money(row.costBasis));
  }
  return total;
}

/** Appends one point to the equity curve (on every fill, on reset and on the engine's schedule). */
export async function recordEquitySnapshot(
  db: Db,
  account: Pick<PaperAccount, 'id' | 'cash'>,
  now: number,
  reason: 'fill' | 'schedule' | 'reset' | 'open',
  marks: MarkLookup,
): Promise<void> {
  const value = await positionsValue(db, account.id, marks);
  const cash = money(account.cash);
  await db.insert(equitySnapshots).values({
    accountId: account.id,
    ts: new Date(now),
    cash: str(cash),
    positionsValue: str(value),
    equity: str(cash.plus(value)),
    reason,
  });
}
