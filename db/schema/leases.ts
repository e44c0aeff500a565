import { bigint, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * One row per deployment-wide singleton (the trading engine, the market feed): who runs it, until when,
 * and a fencing number that grows with every change of holder, so a holder that stalled past its lease
 * finds its renewal refused and stops.
 */
export const singletonLeases = pgTable('singleton_leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  fence: bigint('fence', { mode: 'number' }).notNull().default(1),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

export type SingletonLease = typeof singletonLeases.$inferSelect;
