import { describe, expect, it } from 'vitest';
import { compareDecimals, createAlertInput } from '@/contracts/alerts';

describe('compareDecimals', () => {
  it('orders plain decimal strings exactly, whatever their padding', () => {
    expect(compareDecimals('100', '100.000')).toBe(0);
    expect(compareDecimals('0099.5', '99.50')).toBe(0);
    expect(compareDecimals('99.999999999999999999', '100')).toBeLessThan(0);
    expect(compareDecimals('100.000000000000000001', '100')).toBeGreaterThan(0);
    expect(compareDecimals('9', '10')).toBeLessThan(0);
    expect(compareDecimals('0.5', '0.45')).toBeGreaterThan(0);
  });
});

describe('createAlertInput', () => {
  it('fills the defaults: once, a 60 s cooldown, an empty note', () => {
    expect(createAlertInput.parse({ symbol: ' btc ', condition: 'above', value: '1' })).toMatchObject({ symbol: 'BTC', frequency: 'once', cooldownSeconds: 60, note: '' });
  });

  it('judges channel bounds as decimals, not doubles', () => {
    // As doubles these are equal; as decimals lower < upper, so the channel is accepted.
    const ok = createAlertInput.safeParse({ symbol: 'BTC', condition: 'enters_channel', lower: '100.0000000000000001', upper: '100.0000000000000002' });
    expect(ok.success).toBe(true);
    const bad = createAlertInput.safeParse({ symbol: 'BTC', condition: 'enters_channel', lower: '100.0000000000000002', upper: '100.0000000000000001' });
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toEqual(['upper']);
  });
});
