import { z } from 'zod';
import { DATE_RANGE_MESSAGE, decimalString, idOf, isStorableDate, pageInput, pageOf, positiveDecimal, symbolSchema, timestamp } from './common';
import { ALERT_CONDITIONS, ALERT_FREQUENCIES, ALERT_STATUSES, CANDLE_INTERVALS, type AlertCondition } from './enums';

export const LEVEL_CONDITIONS = ['crosses_above', 'crosses_below', 'crosses', 'above', 'below'] as const satisfies readonly AlertCondition[];
export const MOVE_CONDITIONS = ['moves_up_pct', 'moves_down_pct'] as const satisfies readonly AlertCondition[];
export const CHANNEL_CONDITIONS = ['enters_channel', 'exits_channel'] as const satisfies readonly AlertCondition[];

const isOneOf = (list: readonly string[], value: string) => list.includes(value);

/** Compares two plain decimal strings exactly (no float rounding): negative, zero or positive. */
export function compareDecimals(a: string, b: string): number {
  const [ai = '', af = ''] = a.split('.');
  const [bi = '', bf = ''] = b.split('.');
  const aInt = ai.replace(/^0+/, '');
  const bInt = bi.replace(/^0+/, '');
  if (aInt.length !== bInt.length) return aInt.length - bInt.length;
  const width = Math.max(af.length, bf.length);
  const left = aInt + af.padEnd(width, '0');
  const right = bInt + bf.padEnd(width, '0');
  return left < right ? -1 : left > right ? 1 : 0;
}

const expiresAt = z
  .union([z.date(), z.iso.datetime({ offset: true })], { message: 'Expiry must be an ISO 8601 date-time with offset (2030-01-31T09:00:00Z)' })
  .transform((value) => new Date(value))
  .refine(isStorableDate, DATE_RANGE_MESSAGE);
const note = z.string().trim().max(500, 'A note is at most 500 characters');

/**
 * A new alert. Which fields a condition needs: a level `value` (crosses…, above, below), a percentage
 * `value` and `windowMinutes` (moves_…_pct), `lower` < `upper` (channels). `once_per_bar` needs the bar
 * `interval`; `every_time` takes `cooldownSeconds` (default 60). The symbol must exist and the expiry lie in
 * the future: the service checks both (404, 400 on `expiresAt`).
 */
export const createAlertInput = z
  .object({
    symbol: symbolSchema,
    condition: z.enum(ALERT_CONDITIONS, { message: `Condition must be one of ${ALERT_CONDITIONS.join(', ')}` }),
    value: positiveDecimal.optional(),
    lower: positiveDecimal.optional(),
    upper: positiveDecimal.optional(),
    windowMinutes: z.number().int().min(1, 'At least 1 minute').max(1440, 'At most 1440 minutes (a day)').optional(),
    frequency: z.enum(ALERT_FREQUENCIES).default('once'),
    interval: z.enum(CANDLE_INTERVALS).optional(),
    cooldownSeconds: z.number().int().min(0).max(86_400, 'At most a day').default(60),
    expiresAt: expiresAt.nullish(),
    note: note.default(''),
    /** Also email the owner when it fires (the inbox always gets it). */
    email: z.boolean().default(false),
  })
  .superRefine((a, ctx) => {
    const need = (field: 'value' | 'lower' | 'upper' | 'windowMinutes' | 'interval', message: string) => {
      if (a[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message });
    };
    if (isOneOf(LEVEL_CONDITIONS, a.condition)) need('value', 'A price level is required for this condition');
    if (isOneOf(MOVE_CONDITIONS, a.condition)) {
      need('value', 'A percentage is required for this condition');
      need('windowMinutes', 'A window in minutes is required for this condition');
      if (a.condition === 'moves_down_pct' && a.value && compareDecimals(a.value, '100') >= 0)
        ctx.addIssue({ code: 'custom', path: ['value'], message: 'A fall is less than 100 %' });
    }
    if (isOneOf(CHANNEL_CONDITIONS, a.condition)) {
      need('lower', 'A lower bound is required for a channel');
      need('upper', 'An upper bound is required for a channel');
      if (a.lower && a.upper && compareDecimals(a.lower, a.upper) >= 0)
        ctx.addIssue({ code: 'custom', path: ['upper'], message: 'The upper bound must be above the lower bound' });
    }
    if (a.frequency === 'once_per_bar') need('interval', 'once_per_bar needs the bar interval');
  });
export type CreateAlertInput = z.infer<typeof createAlertInput>;

export const alertIdInput = z.object({ id: idOf('alert') });

/** Pause or resume (`status`), change the note or the expiry (`null` clears it). */
export const updateAlertInput = z.object({
  id: idOf('alert'),
  status: z.enum(['active', 'paused'], { message: 'Status can be set to active or paused' }).optional(),
  note: note.optional(),
  expiresAt: expiresAt.nullish(),
});
export type UpdateAlertInput = z.infer<typeof updateAlertInput>;

export const listAlertsInput = z
  .object({ status: z.enum(ALERT_STATUSES).optional(), symbol: symbolSchema.optional(), ...pageInput(50, 100) })
  .default({ limit: 50 });

export const alertSchema = z.object({
  id: z.uuid(),
  symbol: z.string(),
  condition: z.enum(ALERT_CONDITIONS),
  value: decimalString.nullable(),
  lower: decimalString.nullable(),
  upper: decimalString.nullable(),
  windowMinutes: z.number().int().nullable(),
  frequency: z.enum(ALERT_FREQUENCIES),
  interval: z.enum(CANDLE_INTERVALS).nullable(),
  cooldownSeconds: z.number().int(),
  expiresAt: timestamp.nullable(),
  note: z.string(),
  email: z.boolean(),
  status: z.enum(ALERT_STATUSES),
  lastFiredAt: timestamp.nullable(),
  fireCount: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type AlertView = z.infer<typeof alertSchema>;
export const alertPage = pageOf(alertSchema);
export const deletedAlertSchema = z.object({ id: z.uuid() });

/** An alert's fires, newest first (`id` is the alert). */
export const alertFiresInput = z.object({ id: idOf('alert'), ...pageInput(20, 100) });

/** One fire: the price that fired the alert, the price it moved from (null for the first tick judged), when. */
export const alertFireSchema = z.object({
  id: z.uuid(),
  alertId: z.uuid(),
  price: decimalString,
  previous: decimalString.nullable(),
  firedAt: timestamp,
});
export type AlertFireView = z.infer<typeof alertFireSchema>;
export const alertFirePage = pageOf(alertFireSchema);
