import type { MarkedAccount } from './mark-account';
import { signedUsd, usd } from '@/components/ui/format';

/** Equity, cash, buying power and P&L since the reset (P&L coloured by sign). */
export function AccountFigures({ live }: { live: MarkedAccount }) {
  const figures = [
    ['Equity', usd(live.equity), ''],
    ['Cash', usd(live.cash), ''],
    ['Buying power', usd(live.buyingPower), ''],
    ['P&L since reset', signedUsd(live.pnl), live.pnl > 0 ? 'text-up' : live.pnl < 0 ? 'text-down' : ''],
  ] as const;
  return (
    <section aria-labelledby="portfolio-heading" className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
      <h2 id="portfolio-heading" className="mb-3 font-medium">
        Paper account
      </h2>
      <dl className="grid grid-cols-2 gap-3 text-sm">
        {figures.map(([label, value, tone]) => (
          <div key={label}>
            <dt className="text-zinc-500">{label}</dt>
            <dd className={`font-mono tabular-nums ${tone}`} data-testid={`account-${label.toLowerCase().replace(/\W+/g, '-')}`}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
