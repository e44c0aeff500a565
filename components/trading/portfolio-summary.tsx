import type { AccountSummary } from '@/components/trpc/outputs';

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/** Cash, equity and buying power of the paper account (server-rendered). */
export function PortfolioSummary({ account }: { account: AccountSummary }) {
  const pnl = Number(account.equity) - Number(account.initialCash);
  const figures = [
    ['Equity', usd.format(Number(account.equity))],
    ['Cash', usd.format(Number(account.cash))],
    ['Buying power', usd.format(Number(account.buyingPower))],
    ['P&L since reset', `${pnl >= 0 ? '+' : ''}${usd.format(pnl)}`],
  ] as const;
  return (
    <section aria-labelledby="portfolio-heading" className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
      <h2 id="portfolio-heading" className="mb-3 font-medium">
        Paper account
      </h2>
      <dl className="grid grid-cols-2 gap-3 text-sm">
        {figures.map(([label, value]) => (
          <div key={label}>
            <dt className="text-zinc-500">{label}</dt>
            <dd className="font-mono tabular-nums" data-testid={`account-${label.toLowerCase().replace(/\W+/g, '-')}`}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
