'use client';

import Link from 'next/link';
import type { AccountSummary, PositionView } from '@/components/trpc/outputs';
import { AccountFigures } from './account-figures';
import type { MarkedAccount } from './mark-account';
import { groupDecimal, pctClass, signedPct, signedUsd, usd } from '@/components/ui/format';
import { useLiveAccount } from './use-live-account';

/** The portfolio page's live part: account figures, positions marked by the price stream, allocation. */
export function PortfolioLive(initial: { account: AccountSummary; positions: PositionView[] }) {
  const live = useLiveAccount(initial);
  return (
    <>
      <AccountFigures live={live} />
      <Allocation live={live} />
      <Positions live={live} />
    </>
  );
}

function Positions({ live }: { live: MarkedAccount }) {
  return (
    <section aria-labelledby="positions-heading" className="rounded-lg border border-zinc-200 p-4 md:col-span-2 dark:border-zinc-800">
      <h2 id="positions-heading" className="mb-2 font-medium">
        Positions
      </h2>
      {live.positions.length === 0 ? (
        <p className="text-sm text-zinc-500">No positions.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="positions-table">
            <thead className="text-zinc-500">
              <tr>
                {['Symbol', 'Qty', 'Avg entry', 'Mark', 'Value', 'Unrealized', 'Return'].map((h, i) => (
                  <th key={h} className={`py-1 pr-3 font-medium ${i > 0 ? 'text-right' : ''}`}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="font-mono tabular-nums">
              {live.positions.map((p) => {
                const unrealized = p.unrealizedPnl === null ? null : Number(p.unrealizedPnl);
                return (
                  <tr key={p.symbol} className="border-t border-zinc-200 dark:border-zinc-800">
                    <td className="py-1 pr-3">
                      <Link href={`/assets/${p.symbol}`} className="text-brand underline">
                        {p.symbol}
                      </Link>
                    </td>
                    <td className="py-1 pr-3 text-right">{groupDecimal(p.qty)}</td>
                    <td className="py-1 pr-3 text-right">{groupDecimal(p.avgEntry)}</td>
                    <td className="py-1 pr-3 text-right">{p.markPrice ? groupDecimal(p.markPrice) : '—'}</td>
                    <td className="py-1 pr-3 text-right">{p.marketValue ? usd(Number(p.marketValue)) : '—'}</td>
                    <td className={`py-1 pr-3 text-right ${pctClass(unrealized)}`}>{unrealized === null ? '—' : signedUsd(unrealized)}</td>
                    <td className={`py-1 pr-3 text-right ${pctClass(p.returnPct)}`}>{signedPct(p.returnPct === null ? null : p.returnPct * 100)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Share of equity per position and in cash, as one bar and a legend. */
function Allocation({ live }: { live: MarkedAccount }) {
  const parts = [
    ...live.positions.filter((p) => p.marketValue !== null).map((p) => ({ label: p.symbol, value: Number(p.marketValue) })),
    { label: 'Cash', value: live.cash },
  ].filter((p) => p.value > 0);
  const total = parts.reduce((a, p) => a + p.value, 0);
  const colours = ['bg-sky-600', 'bg-violet-600', 'bg-amber-600', 'bg-emerald-600', 'bg-rose-600', 'bg-teal-600', 'bg-fuchsia-600'];
  return (
    <section aria-labelledby="allocation-heading" className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
      <h2 id="allocation-heading" className="mb-3 font-medium">
        Allocation
      </h2>
      {total <= 0 ? (
        <p className="text-sm text-zinc-500">Nothing to allocate.</p>
      ) : (
        <>
          <div className="flex h-3 w-full overflow-hidden rounded" aria-hidden="true">
            {parts.map((p, i) => (
              <div key={p.label} className={p.label === 'Cash' ? 'bg-zinc-400' : colours[i % colours.length]} style={{ width: `${(p.value / total) * 100}%` }} />
            ))}
          </div>
          <ul className="mt-3 grid grid-cols-2 gap-1 text-sm" data-testid="allocation">
            {parts.map((p, i) => (
              <li key={p.label} className="flex items-center gap-2">
                <span className={`inline-block h-2 w-2 rounded-full ${p.label === 'Cash' ? 'bg-zinc-400' : colours[i % colours.length]}`} aria-hidden="true" />
                <span>{p.label}</span>
                <span className="ml-auto font-mono tabular-nums">{((p.value / total) * 100).toFixed(1)} %</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
