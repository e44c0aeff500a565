import { integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { assets, candleInterval } from './market';

/**
 * The stored backtest ("model card") per symbol and interval: which point and volatility models the
 * forecast uses and how they did over a rolling-origin evaluation. Written by the scheduled refresh (and
 * once on demand when a symbol has none yet); read by every forecast.
 */
export const forecastModelCards = pgTable(
  'forecast_model_cards',
  {
    symbol: text('symbol')
      .notNull()
      .references(() => assets.symbol, { onDelete: 'cascade' }),
    interval: candleInterval('interval').notNull(),
    pointModel: text('point_model').notNull(),
    volModel: text('vol_model').notNull(),
    origins: integer('origins').notNull(),
    /** The whole card (scores of every model, GARCH parameters), as `ModelCard` in the forecast service. */
    card: jsonb('card').$type<Record<string, unknown>>().notNull(),
    /** Bucket start of the newest candle the evaluation used. */
    historyEnd: timestamp('history_end', { withTimezone: true }).notNull(),
    evaluatedAt: timestamp('evaluated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.symbol, t.interval] })],
);

export type ForecastModelCardRow = typeof forecastModelCards.$inferSelect;
