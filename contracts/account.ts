import { z } from 'zod';
import { DATE_RANGE_MESSAGE, decimalString, eventIdSchema, isStorableDate, timestamp } from './common';
import { ORDER_SIDES } from './enums';

/** Destructive, so the client must send the word: a stray call cannot wipe an account. */
export const resetAccountInput = z.object({ confirm: z.literal('RESET', { message: 'Send confirm: "RESET" to reset the account' }) });

export const accountHistoryInput = z
  .object({
    /** ISO 8601 (REST) or a Date (tRPC): the earliest snapshot wanted; the last reset bounds it. */
    from: z.coerce.date().refine(isStorableDate, DATE_RANGE_MESSAGE).optional(),
    limit: z.number().int().min(2).max(5000).default(1000),
  })
  .default({ limit: 1000 });

export const accountActivityInput = z.object({ limit: z.number().int().min(1).max(50).default(10) }).default({ limit: 10 });

/** The account's order updates and fills as SSE, resuming after `lastEventId`. */
export const accountStreamInput = z.object({ lastEventId: eventIdSchema.nullish() }).default({});

export const killSwitchInput = z.object({ on: z.boolean() });

/** The paper account's balances: cash, equity, buying power, risk limits. */
export const accountSummarySchema = z.object({
  id: z.uuid(),
  currency: z.string(),
  cash: decimalString,
  reservedCash: decimalString,
  buyingPower: decimalString,
  positionsValue: decimalString,
  equity: decimalString,
  initialCash: decimalString,
  realizedPnl: decimalString,
  feesPaid: decimalString,
  killSwitch: z.boolean(),
  limits: z.object({ maxOrderNotional: decimalString, maxPositionNotional: decimalString, dailyLossLimit: decimalString }),
  resetAt: timestamp,
});

export const accountHistorySchema = z.object({
  /** From the reset (`reason: "reset"`, the initial cash) through the snapshots to equity now (`"now"`). */
  curve: z.array(z.object({ ts: timestamp, equity: decimalString, cash: decimalString, reason: z.string() })),
  performance: z.object({
    points: z.number().int(),
    maxDrawdown: z.number().nullable(),
    sharpe: z.number().nullable(),
    sortino: z.number().nullable(),
    timeWeightedReturn: z.number().nullable(),
    /** Why Sharpe and Sortino are null (too short a history to annualise honestly), else null. */
    ratiosNote: z.string().nullable(),
  }),
});

const activityBase = { id: z.string(), at: timestamp, orderId: z.uuid(), symbol: z.string(), side: z.enum(ORDER_SIDES), qty: decimalString };

/** Something that happened to the user's account that they should hear about. */
export const accountActivitySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fill'), ...activityBase, price: decimalString }),
  z.object({ kind: z.enum(['rejected', 'expired']), ...activityBase, reason: z.string().nullable(), message: z.string().nullable() }),
]);
export const accountActivityListSchema = z.array(accountActivitySchema);
