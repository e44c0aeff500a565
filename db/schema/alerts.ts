import { sql } from 'drizzle-orm';
import { boolean, index, integer, numeric, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { assets } from './market';
import { users } from './users';
import { ALERT_CONDITIONS, ALERT_FREQUENCIES, ALERT_STATUSES, CANDLE_INTERVALS } from '../../contracts/enums';

export const alertCondition = pgEnum('alert_condition', ALERT_CONDITIONS);
export const alertFrequency = pgEnum('alert_frequency', ALERT_FREQUENCIES);
export const alertStatus = pgEnum('alert_status', ALERT_STATUSES);

/** A price alert. The evaluator's state (last price judged, last fire) lives on the row, so a restart resumes it. */
export const alerts = pgTable(
  'alerts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    symbol: text('symbol')
      .notNull()
      .references(() => assets.symbol, { onDelete: 'cascade' }),
    condition: alertCondition('condition').notNull(),
    /** The level, or the percentage for moves_…_pct. */
    value: numeric('value'),
    lower: numeric('lower'),
    upper: numeric('upper'),
    windowMinutes: integer('window_minutes'),
    frequency: alertFrequency('frequency').notNull(),
    /** once_per_bar: the bar (a candle interval). */
    barInterval: text('bar_interval', { enum: CANDLE_INTERVALS }),
    cooldownSeconds: integer('cooldown_seconds').notNull().default(0),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    note: text('note').notNull().default(''),
    /** Also email the owner when it fires (the inbox is always told). */
    email: boolean('email').notNull().default(false),
    status: alertStatus('status').notNull().default('active'),
    lastPrice: numeric('last_price'),
    lastFiredAt: timestamp('last_fired_at', { withTimezone: true, precision: 3 }),
    fireCount: integer('fire_count').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (t) => [
    index('alerts_user_created_idx').on(t.userId, t.createdAt, t.id),
    // The engine loads the active alerts (per symbol when sharded) and stores their last prices.
    index('alerts_active_symbol_idx')
      .on(t.symbol)
      .where(sql`${t.status} = 'active'`),
  ],
);

export type Alert = typeof alerts.$inferSelect;

/**
 * One fire of an alert: the price that fired it, the price before (the tick it crossed from) and when. Written
 * in the same transaction as the alert's fire count, so the history and the count agree; the alert's page
 * lists them newest first.
 */
export const alertFires = pgTable(
  'alert_fires',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    alertId: uuid('alert_id')
      .notNull()
      .references(() => alerts.id, { onDelete: 'cascade' }),
    price: numeric('price').notNull(),
    previous: numeric('previous'),
    firedAt: timestamp('fired_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [index('alert_fires_alert_fired_idx').on(t.alertId, t.firedAt, t.id)],
);

export type AlertFireRow = typeof alertFires.$inferSelect;
