import { z } from 'zod';
import { orderStatus } from '@/db/schema';

const limit = z.number().int().min(1).max(200).default(50);

export const listOrdersInput = z
  .object({
    status: z.array(z.enum(orderStatus.enumValues)).max(6).optional(),
    /** Shorthand for status new + partially_filled. */
    open: z.boolean().optional(),
    symbol: z.string().trim().min(1).max(32).optional(),
    cursor: z.uuid().optional(),
    limit,
  })
  .default({ limit: 50 });

export const listFillsInput = z
  .object({
    symbol: z.string().trim().min(1).max(32).optional(),
    orderId: z.uuid().optional(),
    cursor: z.uuid().optional(),
    limit,
  })
  .default({ limit: 50 });

export const orderIdInput = z.object({ orderId: z.uuid({ message: 'Not an order id' }) });
