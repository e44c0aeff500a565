import type { Metadata } from 'next';
import { LiveTicker } from '@/components/market/live-ticker';
import { PortfolioSummary } from '@/components/trading/portfolio-summary';
import { getServerCaller } from '@/server/api/server-caller';
import { requireUser } from '@/server/auth/require';

export const metadata: Metadata = { title: 'Dashboard' };

const TICKER_SYMBOLS = ['BTC', 'ETH', 'SOL', 'DOGE', 'PEPE', 'AAPL', 'NVDA', 'TSLA'];

export default async function DashboardPage() {
  await requireUser();
  const caller = await getServerCaller();
  const [me, prices, account, openTasks] = await Promise.all([
    caller.auth.me(),
    caller.market.snapshot({ symbols: TICKER_SYMBOLS }).catch(() => []),
    caller.account.get(),
    caller.tasks.list({ status: 'todo', limit: 5, sort: 'dueAt', dir: 'asc' }),
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
      <LiveTicker initial={prices} />
      <div className="grid gap-4 md:grid-cols-2">
        <PortfolioSummary account={account} />
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
