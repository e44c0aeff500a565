import type { Metadata } from 'next';
import { AccountActivity } from '@/components/dashboard/account-activity';
import { TopMovers } from '@/components/dashboard/top-movers';
import { Watchlist } from '@/components/dashboard/watchlist';
import { LiveTicker } from '@/components/market/live-ticker';
import { FirstTradeHint } from '@/components/trading/first-trade-hint';
import { PortfolioSummary } from '@/components/trading/portfolio-summary';
import { getServerCaller } from '@/server/api/server-caller';
import { requireUser } from '@/server/auth/require';

export const metadata: Metadata = { title: 'Dashboard' };

const TICKER_SYMBOLS = ['BTC', 'ETH', 'SOL', 'DOGE', 'PEPE', 'AAPL', 'NVDA', 'TSLA'];
const ACTIVITY_LIMIT = 8;

export default async function DashboardPage() {
  await requireUser('/dashboard');
  const caller = await getServerCaller();
  const [me, prices, account, positions, openTasks, watchlist, catalogue, movers, activity] = await Promise.all([
    caller.auth.me(),
    caller.market.snapshot({ symbols: TICKER_SYMBOLS }).catch(() => []),
    caller.account.get(),
    caller.trading.positions(),
    caller.tasks.list({ status: 'todo', limit: 5, sort: 'dueAt', dir: 'asc' }),
    caller.watchlist.list(),
    caller.market.assets({ limit: 100 }),
    // Market figures are extras on this page: without them it still renders, saying so.
    caller.market.movers({ limit: 5 }).catch(() => null),
    caller.account.activity({ limit: ACTIVITY_LIMIT }),
  ]);
  return (
    <section className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">Welcome, {me.name}</h1>
        <p className="text-sm text-zinc-500">
          Signed in as <span data-testid="dashboard-email">{me.email}</span> · role{' '}
          <span data-testid="dashboard-role">{me.role}</span>
        </p>
      </header>
      <FirstTradeHint feesPaid={account.feesPaid} positions={positions.data.length} />
      <LiveTicker initial={prices} />
      <div className="grid gap-4 md:grid-cols-2">
        <Watchlist initial={watchlist} catalogue={catalogue.data.map((a) => ({ symbol: a.symbol, name: a.name }))} />
        <TopMovers movers={movers} />
        <PortfolioSummary account={account} positions={positions.data} />
        <AccountActivity initial={activity} limit={ACTIVITY_LIMIT} />
        <section aria-labelledby="tasks-heading" className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
          <h2 id="tasks-heading" className="mb-3 font-medium">
            Next tasks
          </h2>
          {openTasks.data.length === 0 ? (
            <p className="text-sm text-zinc-500">No open tasks.</p>
          ) : (
            <ul className="space-y-1 text-sm">
              {openTasks.data.map((t) => (
                <li key={t.id} className="flex justify-between gap-2">
                  <span>{t.title}</span>
                  <span className="text-zinc-500">{t.dueAt ? new Date(t.dueAt).toLocaleDateString('en-US') : 'no due date'}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </section>
  );
}
