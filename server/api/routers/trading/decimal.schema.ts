import { z } from 'zod';

/**
 * Decimals cross the API as strings in plain notation ("0.015"): no sign, exponent, NaN or Infinity, and
 * never a JSON number (which would already have been rounded to binary floating point).
 */
export const positiveDecimal = z
  .string()
  .trim()
  .regex(/^\d{1,15}(\.\d{1,18})?$/, 'Use a plain decimal string such as "0.015"')
  .refine((v) => /[1-9]/.test(v), 'Must be greater than 0');
