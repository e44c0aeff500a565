import type { BotLedger } from '@/db/schema';
import { Money } from '@/server/services/trading/money';

/** A bot's slice of the paper account, exact. */
export interface Ledger {
  cash: Money;
  qty: Money;
  entryNotional: Money;
  entryFees: Money;
  dayStart: BotLedger['dayStart'];
}

export const readLedger = (l: BotLedger): Ledger => ({
  cash: new Money(l.cash),
  qty: new Money(l.qty),
  entryNotional: new Money(l.entryNotional),
  entryFees: new Money(l.entryFees),
  dayStart: l.dayStart,
});

export const writeLedger = (l: Ledger): BotLedger => ({
  cash: l.cash.toFixed(),
  qty: l.qty.toFixed(),
  entryNotional: l.entryNotional.toFixed(),
  entryFees: l.entryFees.toFixed(),
  dayStart: l.dayStart,
});

export const openingLedger = (budget: string): BotLedger => ({ cash: budget, qty: '0', entryNotional: '0', entryFees: '0', dayStart: null });

/** Applies a fill (average price, total fee) to the ledger, as the backtest does. */
export function applyFill(l: Ledger, side: 'buy' | 'sell', qty: Money, price: Money, fee: Money): Ledger {
  const notional = qty.mul(price);
  if (side === 'buy') {
    return { ...l, cash: l.cash.minus(notional).minus(fee), qty: l.qty.plus(qty), entryNotional: l.entryNotional.plus(notional), entryFees: l.entryFees.plus(fee) };
  }
  const left = l.qty.minus(qty);
  // A partial sell keeps the remaining position's share of its entry cost.
  const share = l.qty.isZero() ? new Money(0) : left.div(l.qty);
  return {
    ...l,
    cash: l.cash.plus(notional).minus(fee),
    qty: left,
    entryNotional: left.isZero() ? new Money(0) : l.entryNotional.mul(share),
    entryFees: left.isZero() ? new Money(0) : l.entryFees.mul(share),
  };
}
