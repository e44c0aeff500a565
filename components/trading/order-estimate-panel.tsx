import { groupDecimal } from '@/components/ui/format';
import { FILL_COSTS } from '@/contracts/fill-costs';
import { estimateOrder, type EstimateInput } from './order-estimate';

const usd = (v: string) => `${groupDecimal(v)} USD`;

/**
 * The ticket's estimate before submit, as a broker shows it: price, fee, slippage, total and buying power
 * after, then each account limit the server will check, marked when this order would break it. The ticket
 * loads this module (and decimal.js with it) when it is first touched, not with the page.
 */
export function OrderEstimatePanel({ symbol, order }: { symbol: string; order: EstimateInput }) {
  const { side } = order;
  const estimate = estimateOrder(order);
  const dailyLossLimit = order.account.limits.dailyLossLimit;
  if (!estimate) {
    return (
      <p className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="order-estimate">
        Enter a quantity (and price) to see the estimate.
      </p>
    );
  }
  const rows: [string, string][] = [
    ['Est. price', `${groupDecimal(estimate.price)} USD`],
    ['Notional', usd(estimate.notional)],
    ['Fee', usd(estimate.fee)],
    ['Slippage', usd(estimate.slippage)],
    [side === 'buy' ? 'Total cost' : 'Net proceeds', usd(estimate.total)],
    ['Buying power after', usd(estimate.buyingPowerAfter)],
  ];
  return (
    <div className="space-y-2 rounded bg-zinc-50 p-2 text-xs dark:bg-zinc-900" data-testid="order-estimate" aria-live="polite">
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 tabular-nums">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-zinc-600 dark:text-zinc-400">{label}</dt>
            <dd className="text-right font-mono">{value}</dd>
          </div>
        ))}
      </dl>
      <ul className="space-y-0.5" aria-label="Limits that apply">
        {estimate.limits.map((l) => (
          <li key={l.name} className={l.ok ? 'text-zinc-600 dark:text-zinc-400' : 'font-medium text-down'} data-testid={l.ok ? undefined : 'limit-broken'}>
            {l.ok ? '✓' : '✗'} {l.name}: {groupDecimal(l.used)} of {groupDecimal(l.limit)}
            {l.name === 'Quantity you can sell' ? ` ${symbol}` : ' USD'}
          </li>
        ))}
        {side === 'buy' && <li className="text-zinc-600 dark:text-zinc-400">Buys stop once today’s realized loss reaches {usd(dailyLossLimit)}.</li>}
      </ul>
      <p className="text-zinc-600 dark:text-zinc-400">Estimate by the fill model: {FILL_COSTS.slippageBps} bps slippage, {FILL_COSTS.feeBps} bps fee; a limit order may fill better.</p>
    </div>
  );
}
