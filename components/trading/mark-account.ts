import type { AccountSummary, PositionView } from '@/components/trpc/outputs';

export interface MarkedPosition extends PositionView {
  /** Return on cost basis, as a fraction (0.05 = +5 %), or null without a mark. */
  returnPct: number | null;
}

export interface MarkedAccount {
  cash: number;
  buyingPower: number;
  equity: number;
  pnl: number;
  positions: MarkedPosition[];
}

/**
 * The account as the live prices mark it: each position at its latest price (or the server's mark until
 * one arrives), equity = cash + Σ market value. Display figures — the ledger stays on the server, exact.
 */
export function markAccount(account: AccountSummary, positions: PositionView[], prices: ReadonlyMap<string, { price: string }>): MarkedAccount {
  const cash = Number(account.cash);
  let value = 0;
  const marked = positions.map((p) => {
    const mark = prices.get(p.symbol)?.price ?? p.markPrice;
    if (mark === null) return { ...p, returnPct: null };
    const marketValue = Number(p.qty) * Number(mark);
    value += marketValue;
    const cost = Number(p.costBasis);
    const unrealized = marketValue - cost;
    return {
      ...p,
      markPrice: mark,
      marketValue: marketValue.toFixed(2),
      unrealizedPnl: unrealized.toFixed(2),
      returnPct: cost > 0 ? unrealized / cost : null,
    };
  });
  const equity = cash + value;
  return { cash, buyingPower: Number(account.buyingPower), equity, pnl: equity - Number(account.initialCash), positions: marked };
}
