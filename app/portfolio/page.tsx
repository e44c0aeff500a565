import type { Metadata } from 'next';
import { EquityChart } from '@/components/trading/equity-chart';
import { groupDecimal } from '@/components/ui/format';
import { PortfolioLive } from '@/components/trading/portfolio-live';
import { LocalTime } from '@/components/ui/local-time';
import { ResetAccount } from '@/components/trading/reset-account';
import { getServerCaller } from '@/server/api/server-caller';
import { requireUser } from '@/server/auth/require';

export const metadata: Metadata = { title: 'Portfolio' };

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(2)} %`);
const num = (v: number | null) => (v === null ? '—' : v.toFixed(2));

/** A table row, or a full-width divider line between rows. */
type Row = React.ReactNode[] | { divider: string };

function Table({ caption, head, rows, empty }: { caption: string; head: string[]; rows: Row[]; empty: string }) {
  return (
    <section className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
      <h2 className="mb-2 font-medium">{caption}</h2>
      {rows.length === 0 ? (
        <p className="text-sm text-zinc-500">{empty}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="text-zinc-500">
              <tr>
                {head.map((h) => (
                  <th key={h} className="py-1 pr-3 font-medium">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="font-mono tabular-nums">
              {rows.map((r, i) =>
                Array.isArray(r) ? (
                  <tr key={i} className="border-t border-zinc-200 dark:border-zinc-800">
                    {r.map((c, j) => (
                      <td key={j} className="py-1 pr-3">
                        {c}
                      </td>
                    ))}
                  </tr>
                ) : (
                  <tr key={i} className="border-t-2 border-zinc-400 dark:border-zinc-600">
                    <td colSpan={head.length} className="py-1 font-sans text-xs text-zinc-500">
                      {r.divider}
                    </td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Fills newest first, with a divider where the account was reset: older fills belong to the previous run. */
function fillRows(fills: { createdAt: Date | string; symbol: string; side: string; qty: string; price: string; fee: string; realizedPnl: string }[], resetAt: Date): Row[] {
  const rows: Row[] = [];
  let dividerShown = false;
  for (const f of fills) {
    if (!dividerShown && new Date(f.createdAt) < resetAt) {
      rows.push({ divider: `Account reset — fills below are from before it` });
      dividerShown = true;
    }
    rows.push([<LocalTime key="t" at={f.createdAt} />, f.symbol, f.side, groupDecimal(f.qty), groupDecimal(f.price), groupDecimal(f.fee), groupDecimal(f.realizedPnl)]);
  }
  return rows;
}

export default async function PortfolioPage() {
  await requireUser('/portfolio');
  const caller = await getServerCaller();
  const [account, positions, orders, fills, history] = await Promise.all([
    caller.account.get(),
    caller.trading.positions(),
    caller.trading.orders({ open: true, limit: 50 }),
    caller.trading.fills({ limit: 50 }),
    caller.account.history({ limit: 1000 }),
  ]);
  const perf = history.performance;
  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-semibold">Portfolio</h1>
      <div className="grid gap-4 md:grid-cols-2">
        <PortfolioLive account={account} positions={positions.data} />
        <section className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
          <h2 className="mb-3 font-medium">Performance</h2>
          <dl className="grid grid-cols-2 gap-3 text-sm">
            <dt className="text-zinc-500">Max drawdown</dt>
            <dd className="font-mono">{pct(perf.maxDrawdown)}</dd>
            <dt className="text-zinc-500">Time-weighted return</dt>
            <dd className="font-mono">{pct(perf.timeWeightedReturn)}</dd>
            <dt className="text-zinc-500">Sharpe</dt>
            <dd className="font-mono">{num(perf.sharpe)}</dd>
            <dt className="text-zinc-500">Sortino</dt>
            <dd className="font-mono">{num(perf.sortino)}</dd>
          </dl>
          {perf.ratiosNote && <p className="mt-3 text-xs text-zinc-500">Sharpe and Sortino: {perf.ratiosNote.toLowerCase()}.</p>}
        </section>
      </div>
      <section className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
        <h2 className="mb-2 font-medium">Equity</h2>
        {history.curve.length < 2 ? <p className="text-sm text-zinc-500">The curve starts at your last reset.</p> : <EquityChart points={history.curve} />}
      </section>
      <Table
        caption="Open orders"
        head={['Symbol', 'Side', 'Type', 'Qty', 'Limit', 'Stop', 'Status']}
        empty="No open orders."
        rows={orders.data.map((o) => [
          o.symbol,
          o.side,
          o.type.replace('_', '-'),
          groupDecimal(o.qty),
          o.limitPrice ? groupDecimal(o.limitPrice) : '—',
          o.stopPrice ? groupDecimal(o.stopPrice) : '—',
          o.status.replace('_', ' '),
        ])}
      />
      <Table
        caption="Recent fills"
        head={['Time', 'Symbol', 'Side', 'Qty', 'Price', 'Fee', 'Realized']}
        empty="No fills yet."
        rows={fillRows(fills.data, new Date(account.resetAt))}
      />
      <section className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
        <h2 className="mb-2 font-medium">Reset</h2>
        <ResetAccount />
      </section>
    </section>
  );
}
