import Decimal from 'decimal.js';
import { z } from 'zod';

/**
 * zod pieces for the edge of every adapter. Upstreams send amounts as JSON numbers or numeric strings and
 * leave them null or out when unknown; the adapters see `Decimal | null`. A value that is present but not a
 * finite number (NaN, "abc", Infinity) fails the item it belongs to, as does a negative amount.
 */
const toDecimal = (value: string | number, ctx: z.RefinementCtx, signed: boolean): Decimal | null => {
  const text = typeof value === 'number' ? String(value) : value.trim();
  if (text === '') return null;
  let parsed: Decimal;
  try {
    parsed = new Decimal(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: `not a number: ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  if (!parsed.isFinite()) {
    ctx.addIssue({ code: 'custom', message: `not a finite number: ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  if (!signed && parsed.isNegative() && !parsed.isZero()) {
    ctx.addIssue({ code: 'custom', message: `negative amount: ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return parsed;
};

const numberOrString = z.union([z.number(), z.string()]);

/** A non-negative USD amount or price; null when absent. */
export const upstreamAmount = numberOrString
  .nullish()
  .transform((v, ctx) => (v === null || v === undefined ? null : toDecimal(v, ctx, false)));

/** A signed percentage change; null when absent. */
export const upstreamChange = numberOrString
  .nullish()
  .transform((v, ctx) => (v === null || v === undefined ? null : toDecimal(v, ctx, true)));

/** Free text that may be missing or null. */
export const upstreamText = z
  .string()
  .nullish()
  .transform((v) => (v ? v : null));

/**
 * Parses each item of an upstream list on its own, so one bad item costs that item and not the whole
 * answer; `rejected` counts what was dropped.
 */
export function parseEach<S extends z.ZodType>(schema: S, items: readonly unknown[]) {
  const parsed: z.output<S>[] = [];
  let rejected = 0;
  for (const item of items) {
    const result = schema.safeParse(item);
    if (result.success) parsed.push(result.data);
    else rejected++;
  }
  return { parsed, rejected };
}
