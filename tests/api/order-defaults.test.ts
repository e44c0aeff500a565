import { describe, expect, it } from 'vitest';
import { placeOrderInput } from '@/contracts/trading';

const order = { symbol: 'btc', side: 'buy', qty: '1' } as const;

describe('placeOrderInput: one time-in-force default, by order type', () => {
  it('a market order without one is ioc, as the order ticket sends it', () => {
    expect(placeOrderInput.parse({ ...order, type: 'market' }).timeInForce).toBe('ioc');
  });

  it('limit, stop and stop-limit orders without one are gtc', () => {
    expect(placeOrderInput.parse({ ...order, type: 'limit', limitPrice: '5' }).timeInForce).toBe('gtc');
    expect(placeOrderInput.parse({ ...order, type: 'stop', stopPrice: '5' }).timeInForce).toBe('gtc');
    expect(placeOrderInput.parse({ ...order, type: 'stop_limit', stopPrice: '5', limitPrice: '5' }).timeInForce).toBe('gtc');
  });

  it('an explicit time in force is kept', () => {
    expect(placeOrderInput.parse({ ...order, type: 'market', timeInForce: 'fok' }).timeInForce).toBe('fok');
    expect(placeOrderInput.parse({ ...order, type: 'limit', limitPrice: '5', timeInForce: 'day' }).timeInForce).toBe('day');
  });

  it('messages name order types in words, not wire values', () => {
    const refused = placeOrderInput.safeParse({ ...order, type: 'stop_limit', stopPrice: '5' });
    expect(refused.error?.issues.map((i) => i.message)).toEqual(['A stop-limit order needs a limit price']);
  });
});
