import { z } from 'zod';
import { orderSide, orderType, timeInForce } from '@/db/schema';
import { positiveDecimal } from './decimal.schema';

export const placeOrderInput = z
  .object({
    symbol: z.string().trim().min(1).max(32).toUpperCase(),
    side: z.enum(orderSide.enumValues),
    type: z.enum(orderType.enumValues),
    qty: positiveDecimal,
    limitPrice: positiveDecimal.optional(),
    stopPrice: positiveDecimal.optional(),
    timeInForce: z.enum(timeInForce.enumValues).default('gtc'),
    clientOrderId: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9._:-]{1,64}$/, 'Up to 64 letters, digits or . _ : -')
      .optional(),
  })
  .superRefine((o, ctx) => {
    const needsLimit = o.type === 'limit' || o.type === 'stop_limit';
    const needsStop = o.type === 'stop' || o.type === 'stop_limit';
    if (needsLimit && o.limitPrice === undefined) {
      ctx.addIssue({ code: 'custom', path: ['limitPrice'], message: `A ${o.type} order needs a limit price` });
    }
    if (!needsLimit && o.limitPrice !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['limitPrice'], message: `A ${o.type} order takes no limit price` });
    }
    if (needsStop && o.stopPrice === undefined) {
      ctx.addIssue({ code: 'custom', path: ['stopPrice'], message: `A ${o.type} order needs a stop price` });
    }
    if (!needsStop && o.stopPrice !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['stopPrice'], message: `A ${o.type} order takes no stop price` });
    }
  });

export type PlaceOrderSchema = z.infer<typeof placeOrderInput>;
