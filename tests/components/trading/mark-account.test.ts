import { describe, expect, it } from 'vitest';
import { markAccount } from '@/components/trading/mark-account';
import { groupDecimal, signedUsd } from '@/components/ui/format';
import type { AccountSummary } from '@/server/services/trading/account-summary';
import type { PositionView } from '@/server/services/trading/order-view';

const account = { cash: '90000', buyingPower: '89000', initialCash: '100000' } as AccountSummary;
const position = (symbol: string, qty: string, costBasis: string, markPrice: string | null) =>
  ({ symbol, qty, costBasis, markPrice, avgEntry: '0', availableQty: qty, marketValue: null, unrealizedPnl: null, realizedPnl: '0' }) as PositionView;

describe('markAccount', () => {
  it('marks positions at the live price, falling back to the server mark, and sums equity', () => {
    const live = markAccount(
      account,
      [position('BTC', '0.2', '10000', '50000'), position('ETH', '2', '6000', '3000'), position('PEPE', '1000', '10', null)],
      new Map([['BTC', { price: '55000' }]]),
    );
    expect(live.positions.map((p) => [p.symbol, p.markPrice, p.marketValue, p.unrealizedPnl])).toEqual([
      ['BTC', '55000', '11000.00', '1000.00'],
      ['ETH', '3000', '6000.00', '0.00'],
      ['PEPE', null, null, null],
    ]);
    expect(live.positions[0]!.returnPct).toBeCloseTo(0.1);
    expect(live.equity).toBe(90000 + 11000 + 6000);
    expect(live.pnl).toBe(7000);
  });
});

describe('number formats', () => {
  it('groups thousands and keeps the ledger decimals; signs use a real minus', () => {
    expect(groupDecimal('48692.54')).toBe('48,692.54');
    expect(groupDecimal('-24.315')).toBe('−24.315');
    expect(groupDecimal('0.00001924')).toBe('0.00001924');
    expect(signedUsd(-62)).toBe('−$62.00');
    expect(signedUsd(1234.5)).toBe('+$1,234.50');
  });
});
