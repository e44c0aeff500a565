import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldErrorsFrom, fieldErrorsFromIssues, withoutField } from '@/components/forms/field-errors';

describe('fieldErrorsFrom', () => {
  it('reads a tRPC client error and a REST error body from the same slot', () => {
    const fieldErrors = { qty: ['BTC quantities have at most 6 decimal places'] };
    expect(fieldErrorsFrom({ message: 'Invalid input', data: { reason: 'PRECISION', details: { fieldErrors } } })).toEqual(fieldErrors);
    expect(fieldErrorsFrom({ error: { code: 'BAD_REQUEST', message: 'Invalid input', details: { reason: 'PRECISION', fieldErrors } } })).toEqual(fieldErrors);
  });

  it('is empty for errors that name no field, so the form shows the message instead', () => {
    expect(fieldErrorsFrom({ message: 'Order rejected', data: { details: { orderId: 'x' } } })).toEqual({});
    expect(fieldErrorsFrom({ message: 'internal error', data: { details: null } })).toEqual({});
    expect(fieldErrorsFrom(new TypeError('Failed to fetch'))).toEqual({});
    expect(fieldErrorsFrom(null)).toEqual({});
  });

  it('drops fields without messages (zod lists every key it knows)', () => {
    expect(fieldErrorsFrom({ data: { details: { fieldErrors: { qty: [], symbol: ['Unknown'] } } } })).toEqual({ symbol: ['Unknown'] });
  });
});

describe('fieldErrorsFromIssues', () => {
  it("groups a form's own zod issues by field, as the server would name them", () => {
    const schema = z.object({ qty: z.string().min(1, 'Enter a quantity'), limitPrice: z.string().regex(/^\d+$/, 'Digits only') });
    const result = schema.safeParse({ qty: '', limitPrice: 'x' });
    expect(result.success).toBe(false);
    expect(fieldErrorsFromIssues(result.error!.issues)).toEqual({ qty: ['Enter a quantity'], limitPrice: ['Digits only'] });
  });
});

describe('withoutField', () => {
  it("clears the edited field's error and keeps the others", () => {
    const errors = { qty: ['BTC quantities have at most 6 decimal places'], limitPrice: ['Required'] };
    expect(withoutField(errors, 'qty')).toEqual({ limitPrice: ['Required'] });
    expect(withoutField(errors, 'timeInForce')).toBe(errors);
  });
});
