import { z } from 'zod';
import { decimalString, idOf, pageInput, pageOf, positiveDecimal, symbolSchema, timestamp } from './common';
import { defaultTimeInForce, ORDER_SIDES, ORDER_STATUSES, ORDER_TYPE_LABELS, ORDER_TYPES, TIME_IN_FORCE } from './enums';

// Inputs --------------------------------------------------------------------------------------------------

/** An order to place. Time in force defaults by type (`defaultTimeInForce`: market → ioc, others → gtc). */
export const placeOrderInput = z
  .object({
    symbol: symbolSchema,
    side: z.enum(ORDER_SIDES),
    type: z.enum(ORDER_TYPES),
    qty: positiveDecimal,
    limitPrice: positiveDecimal.optional(),
    stopPrice: positiveDecimal.optional(),
    timeInForce: z.enum(TIME_IN_FORCE).optional(),
    clientOrderId: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9._:-]{1,64}$/, 'Up to 64 letters, digits or . _ : -')
      .optional(),
  })
  .superRefine((o, ctx) => {
    const kind = ORDER_TYPE_LABELS[o.type];
    const needsLimit = o.type === 'limit' || o.type === 'stop_limit';
    const needsStop = o.type === 'stop' || o.type === 'stop_limit';
    if (needsLimit && o.limitPrice === undefined) {
      ctx.addIssue({ code: 'custom', path: ['limitPrice'], message: `A ${kind} order needs a limit price` });
    }
    if (!needsLimit && o.limitPrice !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['limitPrice'], message: `A ${kind} order takes no limit price` });
    }
    if (needsStop && o.stopPrice === undefined) {
      ctx.addIssue({ code: 'custom', path: ['stopPrice'], message: `A ${kind} order needs a stop price` });
    }
    if (!needsStop && o.stopPrice !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['stopPrice'], message: `A ${kind} order takes no stop price` });
    }
  })
  .transform((o) => ({ ...o, timeInForce: o.timeInForce ?? defaultTimeInForce(o.type) }));

export type PlaceOrderSchema = z.infer<typeof placeOrderInput>;

export const listOrdersInput = z
  .object({
    status: z.array(z.enum(ORDER_STATUSES)).max(6).optional(),
    /** Shorthand for status new + partially_filled. */
    open: z.boolean().optional(),
    symbol: symbolSchema.optional(),
    ...pageInput(50, 200),
  })
  .default({ limit: 50 });

export const listFillsInput = z
  .object({
    symbol: symbolSchema.optional(),
    orderId: z.uuid().optional(),
    ...pageInput(50, 200),
  })
  .default({ limit: 50 });

export const orderIdInput = z.object({ orderId: idOf('order') });

// Outputs -------------------------------------------------------------------------------------------------

/** An order as clients see it: decimals as canonical strings, internal bookkeeping left out. */
export const orderSchema = z.object({
  id: z.uuid(),
  clientOrderId: z.string().nullable(),
  symbol: z.string(),
  side: z.enum(ORDER_SIDES),
  type: z.enum(ORDER_TYPES),
  timeInForce: z.enum(TIME_IN_FORCE),
  qty: decimalString,
  limitPrice: decimalString.nullable(),
  stopPrice: decimalString.nullable(),
  status: z.enum(ORDER_STATUSES),
  filledQty: decimalString,
  avgFillPrice: decimalString.nullable(),
  reason: z.string().nullable(),
  reasonMessage: z.string().nullable(),
  triggeredAt: timestamp.nullable(),
  expiresAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export const orderPage = pageOf(orderSchema);

export const fillSchema = z.object({
  id: z.uuid(),
  orderId: z.uuid(),
  symbol: z.string(),
  side: z.enum(ORDER_SIDES),
  qty: decimalString,
  price: decimalString,
  marketPrice: decimalString,
  notional: decimalString,
  fee: decimalString,
  realizedPnl: decimalString,
  createdAt: timestamp,
});
export const fillPage = pageOf(fillSchema);

/** An open position with its live mark (null when the feed has no price for the symbol). */
export const positionSchema = z.object({
  symbol: z.string(),
  qty: decimalString,
  availableQty: decimalString,
  avgEntry: decimalString,
  costBasis: decimalString,
  markPrice: decimalString.nullable(),
  marketValue: decimalString.nullable(),
  unrealizedPnl: decimalString.nullable(),
  realizedPnl: decimalString,
});
/**
 * Every open position, as one page (`nextCursor` is always null): an account holds at most one position per
 * asset in the catalogue, so the list is short, but it answers like every other list.
 */
export const positionPage = pageOf(positionSchema);

