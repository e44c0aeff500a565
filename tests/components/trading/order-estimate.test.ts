import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateOrder, type EstimateInput } from '@/components/trading/order-estimate';
import { buyCost, feeFor, slippedPrice } from '@/server/services/trading/fill-model';
import { money, str } from '@/server/services/trading/money';
import { reserveFor } from '@/server/services/trading/reservations';

const account = { buyingPower: '100000', limits: { maxOrderNotional: '250000', maxPositionNotional: '500000', dailyLossLimit: '10000' } };
const base = { account, position: null, pricePrecision: 2, lastPrice: '50000' } satisfies Partial<EstimateInput>;

/** A decimal string with up to `dp` places, from an integer of minor units. */
const decimalOf = (units: number, dp: number) => str(money(units).div(money(10).pow(dp)));

describe('the ticket’s estimate follows the server’s fill model', () => {
  it('a market buy: slipped price, fee rounded up to the cent, total and buying power after', () => {
    const e = estimateOrder({ ...base, side: 'buy', type: 'market', qty: '0.5' })!;
    expect(e).toMatchObject({ price: '50025', notional: '25012.50', fee: '25.02', slippage: '12.50', total: '25037.52', buyingPowerAfter: '74962.48' });
    expect(e.limits.every((l) => l.ok)).toBe(true);
  });

  it('a limit buy is priced at its limit with no slippage; a sell nets the fee and is capped by what you hold', () => {
    expect(estimateOrder({ ...base, side: 'buy', type: 'limit', qty: '1', limitPrice: '40000' })).toMatchObject({ price: '40000', slippage: '0.00', total: '40040.00' });
    const sell = estimateOrder({ ...base, side: 'sell', type: 'market', qty: '2', position: { qty: '3', availableQty: '1.5' } })!;
    expect(sell).toMatchObject({ price: '49975', total: '99850.05', buyingPowerAfter: '199850.05' });
    expect(sell.limits.find((l) => l.name === 'Quantity you can sell')).toMatchObject({ limit: '1.5', ok: false });
  });

  it('names the limit an order would break', () => {
    const e = estimateOrder({ ...base, side: 'buy', type: 'market', qty: '3' })!;
    expect(e.limits.filter((l) => !l.ok).map((l) => l.name)).toEqual(['Buying power']);
    expect(estimateOrder({ ...base, side: 'buy', type: 'market', qty: '11' })!.limits.filter((l) => !l.ok).map((l) => l.name)).toEqual([
      'Order value',
      'Position value',
      'Buying power',
    ]);
  });

  it('has nothing to say until quantity and price are known', () => {
    expect(estimateOrder({ ...base, side: 'buy', type: 'market', qty: '' })).toBeNull();
    expect(estimateOrder({ ...base, side: 'buy', type: 'market', qty: 'abc' })).toBeNull();
    expect(estimateOrder({ ...base, side: 'buy', type: 'limit', qty: '1' })).toBeNull();
    expect(estimateOrder({ ...base, lastPrice: null, side: 'buy', type: 'market', qty: '1' })).toBeNull();
  });

  it('matches the server for any price, precision and quantity (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 1, max: 10_000_000_000 }),
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 1, max: 1_000_000_000 }),
        fc.constantFrom('market', 'stop', 'limit') as fc.Arbitrary<'market' | 'stop' | 'limit'>,
        fc.constantFrom('buy', 'sell') as fc.Arbitrary<'buy' | 'sell'>,
        (pricePrecision, priceUnits, qtyDp, qtyUnits, type, side) => {
          const quoted = decimalOf(priceUnits, pricePrecision);
          const qty = decimalOf(qtyUnits, qtyDp);
          const e = estimateOrder({
            ...base,
            pricePrecision,
            side,
            type,
            qty,
            lastPrice: quoted,
            stopPrice: type === 'stop' ? quoted : undefined,
            limitPrice: type === 'limit' ? quoted : undefined,
          })!;
          const price = type === 'limit' ? money(quoted) : slippedPrice(side, money(quoted), pricePrecision);
          expect(e.price).toBe(str(price));
          expect(e.fee).toBe(feeFor(money(qty).mul(price)).toFixed(2));
          if (side === 'buy') {
            const order = { type, side, limitPrice: type === 'limit' ? quoted : null, stopPrice: type === 'stop' ? quoted : null };
            // What the ticket says a buy takes is what the server holds back for it.
            expect(e.total).toBe(reserveFor(order, money(qty), money(quoted), pricePrecision).toFixed(2));
            expect(e.total).toBe(buyCost(money(qty), price).toFixed(2));
          } else {
            const notional = money(qty).mul(price);
            expect(e.total).toBe(notional.minus(feeFor(notional)).toFixed(2));
          }
        },
      ),
    );
  });
});
