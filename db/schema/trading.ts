import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { assets } from './market';
import { users } from './users';
import {
  CASH_MOVEMENT_KINDS,
  HALT_SOURCES,
  isOpenOrderStatus,
  OPEN_ORDER_STATUSES,
  ORDER_SIDES,
  ORDER_STATUSES,
  ORDER_TYPES,
  TIME_IN_FORCE,
} from '../../contracts/enums';

/*
 * The paper-trading ledger. Money and quantities are `numeric` (exact) and travel as strings into decimal.js.
 * Every write that touches cash, positions or an order's fill state happens in one transaction that first
 * locks the account row (`for update`), so an account's ledger changes one order at a time.
 */

const createdAt = timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = timestamp('updated_at', { withTimezone: true })
  .notNull()
  .defaultNow()
  .$onUpdate(() => new Date());

export const orderSide = pgEnum('order_side', ORDER_SIDES);
export const orderType = pgEnum('order_type', ORDER_TYPES);
export const timeInForce = pgEnum('time_in_force', TIME_IN_FORCE);
export const orderStatus = pgEnum('order_status', ORDER_STATUSES);
export const cashMovementKind = pgEnum('cash_movement_kind', CASH_MOVEMENT_KINDS);
export const haltSource = pgEnum('halt_source', HALT_SOURCES);

export type OrderSide = (typeof orderSide.enumValues)[number];
export type OrderType = (typeof orderType.enumValues)[number];
export type TimeInForce = (typeof timeInForce.enumValues)[number];
export type OrderStatus = (typeof orderStatus.enumValues)[number];

// The open statuses are part of the order vocabulary (contracts/enums.ts); the schema's index uses them too.
export { isOpenOrderStatus, OPEN_ORDER_STATUSES };
/** The open statuses as SQL literals, for raw SQL: `status in (${OPEN_ORDER_STATUSES_SQL})`. */
export const OPEN_ORDER_STATUSES_SQL = sql.raw(OPEN_ORDER_STATUSES.map((s) => `'${s}'`).join(', '));

/** One paper account per user (the OAuth `accounts` table is a different thing). */
export const paperAccounts = pgTable(
  'paper_accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    currency: text('currency').notNull().default('USD'),
    initialCash: numeric('initial_cash').notNull(),
    cash: numeric('cash').notNull(),
    /** Cash promised to open buy orders; buying power = cash − reserved. */
    reservedCash: numeric('reserved_cash').notNull().default('0'),
    realizedPnl: numeric('realized_pnl').notNull().default('0'),
    feesPaid: numeric('fees_paid').notNull().default('0'),
    /** Realized PnL net of fees for `dayPnlDate` (UTC), for the daily loss limit without summing fills. */
    dayPnlDate: text('day_pnl_date'),
    dayPnl: numeric('day_pnl').notNull().default('0'),
    maxOrderNotional: numeric('max_order_notional').notNull(),
    maxPositionNotional: numeric('max_position_notional').notNull(),
    dailyLossLimit: numeric('daily_loss_limit').notNull(),
    killSwitch: boolean('kill_switch').notNull().default(false),
    /** Start of the current ledger generation: history and analytics count from here. */
    resetAt: timestamp('reset_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt,
    updatedAt,
  },
  (t) => [
    uniqueIndex('paper_accounts_user_id_key').on(t.userId),
    // The last line of defence behind the locked balance check: cash never goes negative.
    check('paper_accounts_cash_nonnegative', sql`${t.cash} >= 0`),
    check('paper_accounts_reserved_nonnegative', sql`${t.reservedCash} >= 0`),
  ],
);

export const orders = pgTable(
  'orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => paperAccounts.id, { onDelete: 'cascade' }),
    clientOrderId: text('client_order_id'),
    /** Hash of the order body, to tell a retry (same body) from a conflicting reuse of the id. */
    requestHash: text('request_hash').notNull(),
    symbol: text('symbol')
      .notNull()
      .references(() => assets.symbol),
    side: orderSide('side').notNull(),
    type: orderType('type').notNull(),
    timeInForce: timeInForce('time_in_force').notNull(),
    qty: numeric('qty').notNull(),
    limitPrice: numeric('limit_price'),
    stopPrice: numeric('stop_price'),
    status: orderStatus('status').notNull().default('new'),
    filledQty: numeric('filled_qty').notNull().default('0'),
    /** Σ fill qty × price, so the average fill price is one exact division away. */
    filledNotional: numeric('filled_notional').notNull().default('0'),
    avgFillPrice: numeric('avg_fill_price'),
    /** Cash held back for the unfilled part of a buy order. */
    reservedCash: numeric('reserved_cash').notNull().default('0'),
    /** Stop orders become active (market or limit) once their stop price trades. */
    triggeredAt: timestamp('triggered_at', { withTimezone: true }),
    /** Tick time of the last fill: one fill per order per tick, even if two engines see the tick. */
    lastFillTickTs: bigint('last_fill_tick_ts', { mode: 'number' }),
    /** Why the order was rejected, canceled or expired: a stable code and a sentence for people. */
    reason: text('reason'),
    reasonMessage: text('reason_message'),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    createdAt,
    updatedAt,
  },
  (t) => [
    uniqueIndex('orders_account_client_order_id_key').on(t.accountId, t.clientOrderId),
    index('orders_account_created_idx').on(t.accountId, t.createdAt, t.id),
    // The engine loads open orders at start and the day-order sweep finds due ones.
    index('orders_open_idx')
      .on(t.status, t.expiresAt)
      .where(sql`status in (${OPEN_ORDER_STATUSES_SQL})`),
  ],
);

export const fills = pgTable(
  'fills',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    accountId: uuid('account_id')
      .notNull()
      .references(() => paperAccounts.id, { onDelete: 'cascade' }),
    symbol: text('symbol').notNull(),
    side: orderSide('side').notNull(),
    qty: numeric('qty').notNull(),
    price: numeric('price').notNull(),
    /** The tick price before slippage, kept so the model can be audited. */
    marketPrice: numeric('market_price').notNull(),
    notional: numeric('notional').notNull(),
    fee: numeric('fee').notNull(),
    /** Sells only: proceeds − cost basis removed (fees excluded). */
    realizedPnl: numeric('realized_pnl').notNull().default('0'),
    createdAt,
  },
  (t) => [index('fills_account_created_idx').on(t.accountId, t.createdAt, t.id), index('fills_order_idx').on(t.orderId)],
);

/**
 * Long-only positions. `costBasis` is exact (sum of buy notional minus the basis sold), so
 * cash + Σ qty·mark == initial + realized + unrealized − fees holds to the last digit; `avgEntry` is
 * costBasis / qty rounded for display.
 */
export const positions = pgTable(
  'positions',
  {
    accountId: uuid('account_id')
      .notNull()
      .references(() => paperAccounts.id, { onDelete: 'cascade' }),
    symbol: text('symbol')
      .notNull()
      .references(() => assets.symbol),
    qty: numeric('qty').notNull().default('0'),
    /** Quantity promised to open sell orders; available to sell = qty − reserved. */
    reservedQty: numeric('reserved_qty').notNull().default('0'),
    costBasis: numeric('cost_basis').notNull().default('0'),
    avgEntry: numeric('avg_entry').notNull().default('0'),
    realizedPnl: numeric('realized_pnl').notNull().default('0'),
    updatedAt,
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.symbol] }),
    check('positions_qty_nonnegative', sql`${t.qty} >= 0 and ${t.reservedQty} >= 0`),
  ],
);

/** Every change to cash, signed; `balanceAfter` makes the statement readable on its own. */
export const cashMovements = pgTable(
  'cash_movements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => paperAccounts.id, { onDelete: 'cascade' }),
    kind: cashMovementKind('kind').notNull(),
    amount: numeric('amount').notNull(),
    balanceAfter: numeric('balance_after').notNull(),
    fillId: uuid('fill_id').references(() => fills.id, { onDelete: 'cascade' }),
    createdAt,
  },
  (t) => [index('cash_movements_account_created_idx').on(t.accountId, t.createdAt)],
);

export const equitySnapshots = pgTable(
  'equity_snapshots',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => paperAccounts.id, { onDelete: 'cascade' }),
    ts: timestamp('ts', { withTimezone: true }).notNull(),
    cash: numeric('cash').notNull(),
    positionsValue: numeric('positions_value').notNull(),
    equity: numeric('equity').notNull(),
    reason: text('reason').notNull(),
  },
  (t) => [index('equity_snapshots_account_ts_idx').on(t.accountId, t.ts)],
);

/** A symbol that takes no new orders while `until` is null (manual) or in the future. */
export const symbolHalts = pgTable('symbol_halts', {
  symbol: text('symbol')
    .primaryKey()
    .references(() => assets.symbol),
  source: haltSource('source').notNull(),
  reason: text('reason').notNull(),
  haltedBy: uuid('halted_by').references(() => users.id, { onDelete: 'set null' }),
  haltedAt: timestamp('halted_at', { withTimezone: true }).notNull(),
  until: timestamp('until', { withTimezone: true }),
});

export type PaperAccount = typeof paperAccounts.$inferSelect;
export type Order = typeof orders.$inferSelect;
export type Fill = typeof fills.$inferSelect;
export type Position = typeof positions.$inferSelect;
export type SymbolHalt = typeof symbolHalts.$inferSelect;
