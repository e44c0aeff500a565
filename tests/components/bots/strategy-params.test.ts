import { describe, expect, it } from 'vitest';
import { boundsHint, paramErrors, paramFields, readGrid, readParams } from '@/components/bots/strategy-params';

const formOf = (values: Record<string, string>) => {
  const form = new FormData();
  for (const [k, v] of Object.entries(values)) form.set(k, v);
  return form;
};

describe('the params form generated from a strategy schema', () => {
  it('lists each field with its kind and bounds, exclusive bounds marked', () => {
    expect(paramFields('sma_cross')).toEqual([
      { name: 'fast', kind: 'integer', required: true, min: 1, max: 500, exclusiveMin: false, exclusiveMax: false },
      { name: 'slow', kind: 'integer', required: true, min: 2, max: 2000, exclusiveMin: false, exclusiveMax: false },
    ]);
    const rsi = paramFields('rsi').find((f) => f.name === 'buyBelow')!;
    expect(boundsHint(rsi)).toBe('(0, 100)');
    expect(paramFields('grid').map((f) => [f.name, f.kind])).toEqual([
      ['lower', 'decimal'],
      ['upper', 'decimal'],
      ['levels', 'integer'],
    ]);
    expect(paramFields('dca').find((f) => f.name === 'takeProfitPct')?.required).toBe(false);
  });

  it('reads numbers as numbers, decimals as strings, and leaves an empty optional field out', () => {
    expect(readParams('dca', formOf({ 'params.amount': '100.5', 'params.everyBars': '4', 'params.takeProfitPct': '' }))).toEqual({
      amount: '100.5',
      everyBars: 4,
    });
  });

  it('keys the schema’s refusals by input name, cross-field rules included', () => {
    expect(paramErrors('sma_cross', { fast: 20, slow: 10 })).toEqual({ 'params.slow': ['slow must be greater than fast'] });
    expect(paramErrors('sma_cross', { fast: 'x', slow: 10 })['params.fast']).toEqual(['fast must be a whole number']);
    expect(paramErrors('sma_cross', { fast: 5, slow: 10 })).toEqual({});
  });

  it('reads a sweep grid from comma-separated lists', () => {
    expect(readGrid('sma_cross', formOf({ 'params.fast': '5, 10,20', 'params.slow': '50' }))).toEqual({ fast: [5, 10, 20], slow: [50] });
  });
});
