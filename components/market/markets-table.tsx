'use client';

import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { pctClass, signedPct } from '@/components/ui/format';
import type { DayStats } from '@/components/trpc/outputs';
import { formatPrice } from './price-format';
import { useLivePrices } from './use-live-prices';

export interface MarketRow {
  symbol: string;
  name: string;
  kind: string;
  pricePrecision: number;
  stats: DayStats | null;
}

const SORTS = { symbol: 'Symbol', change: '24 h change', volume: '24 h volume (USD)' } as const;
type Sort = keyof typeof SORTS;
const KINDS = ['all', 'crypto', 'meme', 'equity'] as const;

const compactUsd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', notation: 'compact', maximumFractionDigits: 2 });

/** Live change against the reference price of 24 h ago, once a live price arrives. */
function changeOf(row: MarketRow, live: string | undefined): number | null {
  if (!row.stats) return null;
  if (!live) return row.stats.changePct;
  return (Number(live) / Number(row.stats.referencePrice) - 1) * 100;
}

const volumeUsd = (row: MarketRow) => (row.stats ? Number(row.stats.volume) * Number(row.stats.price) : null);

/**
 * Every asset with its live price, 24 h change and volume. Search, kind and sort live in the address bar,
 * so a filtered view can be shared; the table filters in the browser (the catalogue is small).
 */
export function MarketsTable({ rows }: { rows: MarketRow[] }) {
  const router = useRouter();
  const pathname = usePathname();
  // Null only while a Pages Router page renders this (never here); the types allow it since pages/ exists.
  const params = useSearchParams() ?? new URLSearchParams();
  const q = params.get('q') ?? '';
  const kind = (KINDS as readonly string[]).includes(params.get('kind') ?? '') ? params.get('kind')! : 'all';
  const sortParam = params.get('sort') ?? '';
  const sort: Sort = sortParam in SORTS ? (sortParam as Sort) : 'volume';
  const dir = params.get('dir') === 'asc' ? 'asc' : 'desc';
  const { ticks, connected } = useLivePrices(rows.map((r) => r.symbol));

  const set = (next: Record<string, string>) => {
    const merged = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v) merged.set(k, v);
      else merged.delete(k);
    }
    router.replace(`${pathname}?${merged}`, { scroll: false });
  };

  const needle = q.trim().toLowerCase();
  const shown = rows
    .filter((r) => kind === 'all' || r.kind === kind)
    .filter((r) => !needle || r.symbol.toLowerCase().includes(needle) || r.name.toLowerCase().includes(needle))
    .map((r) => ({ row: r, live: ticks.get(r.symbol)?.price, change: changeOf(r, ticks.get(r.symbol)?.price), volume: volumeUsd(r) }))
    .sort((a, b) => {
      const sign = dir === 'asc' ? 1 : -1;
      if (sort === 'symbol') return sign * a.row.symbol.localeCompare(b.row.symbol);
      const x = sort === 'change' ? a.change : a.volume;
      const y = sort === 'change' ? b.change : b.volume;
      if (x === null || y === null) return x === null ? (y === null ? 0 : 1) : -1; // no figures last either way
      return sign * (x - y) || a.row.symbol.localeCompare(b.row.symbol);
    });

  return (
    <section aria-labelledby="markets-heading" className="space-y-3">
      <div className="flex flex-wrap items-end gap-3">
        <h1 id="markets-heading" className="mr-auto text-2xl font-semibold">
          Markets
        </h1>
        <span className="text-xs text-zinc-500" role="status">
          {connected ? '● live' : '○ connecting…'}
        </span>
      </div>
      <div className="flex flex-wrap gap-3 text-sm">
        <label className="flex flex-col gap-1">
          Search
          <input
            type="search"
            defaultValue={q}
            onChange={(e) => set({ q: e.target.value })}
            placeholder="Symbol or name"
            className="rounded border border-zinc-300 bg-transparent px-2 py-1 dark:border-zinc-700"
          />
        </label>
        <label className="flex flex-col gap-1">
          Kind
          <select value={kind} onChange={(e) => set({ kind: e.target.value === 'all' ? '' : e.target.value })} className="rounded border border-zinc-300 bg-transparent px-2 py-1 dark:border-zinc-700">
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {k === 'all' ? 'All kinds' : k}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          Sort by
          <select value={`${sort}:${dir}`} onChange={(e) => {
            const [s, d] = e.target.value.split(':');
            set({ sort: s!, dir: d! });
          }} className="rounded border border-zinc-300 bg-transparent px-2 py-1 dark:border-zinc-700">
            {(Object.keys(SORTS) as Sort[]).flatMap((s) =>
              (['desc', 'asc'] as const).map((d) => (
                <option key={`${s}:${d}`} value={`${s}:${d}`}>
                  {SORTS[s]} {s === 'symbol' ? (d === 'asc' ? 'A–Z' : 'Z–A') : d === 'desc' ? '(high first)' : '(low first)'}
                </option>
              )),
            )}
          </select>
        </label>
      </div>
      <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
        <table className="w-full text-left text-sm" data-testid="markets-table">
          <thead className="text-zinc-500">
            <tr>
              <th className="px-3 py-2 font-medium">Asset</th>
              <th className="px-3 py-2 font-medium">Kind</th>
              <th className="px-3 py-2 text-right font-medium">Price</th>
              <th className="px-3 py-2 text-right font-medium">24 h</th>
              <th className="px-3 py-2 text-right font-medium">24 h volume</th>
            </tr>
          </thead>
          <tbody className="tabular-nums">
            {shown.map(({ row, live, change, volume }) => {
              const price = live ?? row.stats?.price ?? null;
              return (
                <tr key={row.symbol} className="border-t border-zinc-200 dark:border-zinc-800" data-testid={`market-${row.symbol}`}>
                  <td className="px-3 py-2">
                    <Link href={`/assets/${row.symbol}`} className="font-semibold hover:underline">
                      {row.symbol}
                    </Link>{' '}
                    <span className="text-zinc-500">{row.name}</span>
                  </td>
                  <td className="px-3 py-2 text-zinc-500">{row.kind}</td>
                  <td className="px-3 py-2 text-right font-mono">{price === null ? '—' : formatPrice(price, row.pricePrecision)}</td>
                  <td className={`px-3 py-2 text-right font-mono ${pctClass(change)}`}>{signedPct(change === null ? null : change)}</td>
                  <td className="px-3 py-2 text-right font-mono">{volume === null ? '—' : compactUsd.format(volume)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {shown.length === 0 && <p className="p-3 text-sm text-zinc-500">No asset matches.</p>}
      </div>
    </section>
  );
}
