import { money } from './money';

/** A new (or reset) paper account: 100,000 USD and risk limits sized to that balance. */
export const ACCOUNT_DEFAULTS = {
  initialCash: money(100_000),
  maxOrderNotional: money(50_000),
  maxPositionNotional: money(75_000),
  dailyLossLimit: money(5_000),
} as const;
