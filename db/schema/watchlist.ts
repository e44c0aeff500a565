import { pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { assets } from './market';
import { users } from './users';

/** The symbols a user follows on the dashboard; one row per (user, symbol), so a symbol is listed once. */
export const watchlistItems = pgTable(
  'watchlist_items',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    symbol: text('symbol')
      .notNull()
      .references(() => assets.symbol, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // The key leads with user_id: it serves "this user's list" as well as the uniqueness.
  (t) => [primaryKey({ columns: [t.userId, t.symbol] })],
);

export type WatchlistItem = typeof watchlistItems.$inferSelect;
