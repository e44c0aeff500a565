import { sql } from 'drizzle-orm';
import type { Fill, Order, PaperAccount, Position } from '@/db/schema';
import type { Db } from '@/server/infra/db/types';
import { money, str } from './money';

export interface FillBooking {
  fill: Fill;
  /** The order after the fill; inserted whole when `orderIsNew`, else its fill state is updated. */
  order: Order;
  orderIsNew: boolean;
  position: Position;
  account: PaperAccount;
  /** Cash after the trade amount and before the fee (the first cash movement's balance). */
  cashAfterTrade: string;
  snapshot: { positionsValue: string; equity: string };
}

/**
 * Writes everything one fill changes in a single statement (data-modifying CTEs): the fill, its two cash
 * movements, the position, the order, the account and the equity snapshot. The values were computed in
 * TypeScript under the account lock; one round trip instead of seven is what keeps an order's
 * transaction short, which matters most on PGlite's single connection. Foreign keys are checked at the
 * end of the statement, when every row exists.
 */
export async function bookFill(tx: Db, b: FillBooking): Promise<void> {
  const { fill: f, order: o, position: p, account: a } = b;
  const at = f.createdAt.toISOString();
  const orderWrite = b.orderIsNew
    ? sql`insert into orders (id, account_id, client_order_id, request_hash, symbol, side, type, time_in_force, qty,
          limit_price, stop_price, status, filled_qty, filled_notional, avg_fill_price, reserved_cash, triggered_at,
          last_fill_tick_ts, reason, reason_message, expires_at, created_at, updated_at)
        values (${o.id}::uuid, ${o.accountId}::uuid, ${o.clientOrderId}, ${o.requestHash}, ${o.symbol}, ${o.side}::order_side,
          ${o.type}::order_type, ${o.timeInForce}::time_in_force, ${o.qty}::numeric, ${o.limitPrice}::numeric,
          ${o.stopPrice}::numeric, ${o.status}::order_status, ${o.filledQty}::numeric, ${o.filledNotional}::numeric,
          ${o.avgFillPrice}::numeric, ${o.reservedCash}::numeric, ${o.triggeredAt?.toISOString() ?? null}::timestamptz,
          ${o.lastFillTickTs}::bigint, ${o.reason}, ${o.reasonMessage}, ${o.expiresAt?.toISOString() ?? null}::timestamptz,
          ${o.createdAt.toISOString()}::timestamptz, ${at}::timestamptz)`
    : sql`update orders set status = ${o.status}::order_status, filled_qty = ${o.filledQty}::numeric,
          filled_notional = ${o.filledNotional}::numeric, avg_fill_price = ${o.avgFillPrice}::numeric,
          reserved_cash = ${o.reservedCash}::numeric, triggered_at = ${o.triggeredAt?.toISOString() ?? null}::timestamptz,
          last_fill_tick_ts = ${o.lastFillTickTs}::bigint, updated_at = ${at}::timestamptz
        where id = ${o.id}::uuid`;
  const fee = str(money(f.fee).neg());
  const tradeAmount = f.side === 'buy' ? str(money(f.notional).neg()) : f.notional;
  await tx.execute(sql`
    with
      o as (${orderWrite}),
      f as (
        insert into fills (id, order_id, account_id, symbol, side, qty, price, market_price, notional, fee, realized_pnl, created_at)
        values (${f.id}::uuid, ${f.orderId}::uuid, ${f.accountId}::uuid, ${f.symbol}, ${f.side}::order_side, ${f.qty}::numeric,
          ${f.price}::numeric, ${f.marketPrice}::numeric, ${f.notional}::numeric, ${f.fee}::numeric, ${f.realizedPnl}::numeric,
          ${at}::timestamptz)
      ),
      c as (
        insert into cash_movements (account_id, kind, amount, balance_after, fill_id, created_at)
        values
          (${a.id}::uuid, ${f.side}::cash_movement_kind, ${tradeAmount}::numeric, ${b.cashAfterTrade}::numeric, ${f.id}::uuid, ${at}::timestamptz),
          (${a.id}::uuid, 'fee', ${fee}::numeric, ${a.cash}::numeric, ${f.id}::uuid, ${at}::timestamptz)
      ),
      p as (
        insert into positions (account_id, symbol, qty, reserved_qty, cost_basis, avg_entry, realized_pnl, updated_at)
        values (${p.accountId}::uuid, ${p.symbol}, ${p.qty}::numeric, ${p.reservedQty}::numeric, ${p.costBasis}::numeric,
          ${p.avgEntry}::numeric, ${p.realizedPnl}::numeric, ${at}::timestamptz)
        on conflict (account_id, symbol) do update set qty = excluded.qty, reserved_qty = excluded.reserved_qty,
          cost_basis = excluded.cost_basis, avg_entry = excluded.avg_entry, realized_pnl = excluded.realized_pnl,
          updated_at = excluded.updated_at
      ),
      a as (
        update paper_accounts set cash = ${a.cash}::numeric, reserved_cash = ${a.reservedCash}::numeric,
          realized_pnl = ${a.realizedPnl}::numeric, fees_paid = ${a.feesPaid}::numeric, day_pnl_date = ${a.dayPnlDate},
          day_pnl = ${a.dayPnl}::numeric, updated_at = ${at}::timestamptz
        where id = ${a.id}::uuid
      )
    insert into equity_snapshots (account_id, ts, cash, positions_value, equity, reason)
    values (${a.id}::uuid, ${at}::timestamptz, ${a.cash}::numeric, ${b.snapshot.positionsValue}::numeric,
      ${b.snapshot.equity}::numeric, 'fill')
  `);
}
