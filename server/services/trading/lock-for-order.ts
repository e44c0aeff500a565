import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import { paperAccounts, positions, symbolHalts, type PaperAccount, type Position, type SymbolHalt } from '@/db/schema';
import type { Db } from '@/server/infra/db/types';

export interface LockedForOrder {
  account: PaperAccount;
  /** The symbol's halt in force, if any. */
  halt: SymbolHalt | undefined;
  /** Every position of the account (the snapshot values all of them, risk reads the symbol's). */
  held: Position[];
}

/**
 * Locks the account row for the order's transaction and reads what the order decides on: the symbol's halt
 * rides along with the lock (read as of this statement, like everything here: a halt that commits while
 * the order waits for the lock treats the order as if it had arrived a moment earlier).
 *
 * The positions come in the same statement only when transactions run one at a time (`serialized`, PGlite):
 * then this statement's snapshot already holds every committed write. Where transactions run side by side
 * a statement that waited for the lock would still read the positions as they were before the wait, so
 * they are read by a second statement, after the lock is held.
 */
export async function lockForOrder(tx: Db, accountId: string, symbol: string, now: number, serialized: boolean): Promise<LockedForOrder> {
  const [locked] = await tx
    .select({ account: paperAccounts, halt: symbolHalts, held: serialized ? heldPositionsJson : sql<null>`null` })
    .from(paperAccounts)
    .leftJoin(symbolHalts, and(eq(symbolHalts.symbol, symbol), or(isNull(symbolHalts.until), gt(symbolHalts.until, new Date(now)))))
    .where(eq(paperAccounts.id, accountId))
    .for('update', { of: paperAccounts });
  if (!locked) throw new Error(`paper account ${accountId} vanished`);
  const held = locked.held
    ? locked.held.map((row) => fromJson(accountId, row))
    : await tx.select().from(positions).where(eq(positions.accountId, accountId));
  return { account: locked.account, halt: locked.halt ?? undefined, held };
}

type HeldJson = [symbol: string, qty: string, reservedQty: string, costBasis: string, avgEntry: string, realizedPnl: string, updatedAt: string];

/** Decimals travel as text, so none is rounded on the way through JSON. */
const heldPositionsJson = sql<HeldJson[]>`(
  select coalesce(json_agg(json_build_array(${positions.symbol}, ${positions.qty}::text, ${positions.reservedQty}::text,
    ${positions.costBasis}::text, ${positions.avgEntry}::text, ${positions.realizedPnl}::text, ${positions.updatedAt})), '[]')
  from ${positions} where ${positions.accountId} = ${paperAccounts.id}
)`;

function fromJson(accountId: string, [symbol, qty, reservedQty, costBasis, avgEntry, realizedPnl, updatedAt]: HeldJson): Position {
  return { accountId, symbol, qty, reservedQty, costBasis, avgEntry, realizedPnl, updatedAt: new Date(updatedAt) };
}
