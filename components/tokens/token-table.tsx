'use client';

import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useRef } from 'react';
import { TOKEN_CHAINS, type TokenListInput, type TokenView } from '@/contracts/tokens';
import { pctClass, signedPct } from '@/components/ui/format';
import { ageNow, SourceBadges, StaleBadge } from './token-badges';
import { compactUsd, poolAge, pctOf, tokenHref, tokenPrice } from './token-format';
import { tokenKeyOf, useLiveTokens, useNow } from './use-live-tokens';

type Sort = TokenListInput['sort'];

const COLUMNS: { label: string; sort?: Sort; align?: 'right' }[] = [
  { label: 'Token' },
  { label: 'Chain' },
  { label: 'Price', align: 'right' },
  { label: '1 h', sort: 'change1h', align: 'right' },
  { label: '24 h', sort: 'change24h', align: 'right' },
  { label: '24 h volume', sort: 'volume24h', align: 'right' },
  { label: 'Liquidity', sort: 'liquidity', align: 'right' },
  { label: 'Market cap', sort: 'marketCap', align: 'right' },
  { label: 'Pool age', sort: 'createdAt', align: 'right' },
  { label: 'Sources' },
];

const FLASH_MS = 1_500;
const inputClass = 'rounded border border-zinc-300 bg-transparent px-2 py-1 dark:border-zinc-700';

/**
 * The token explorer's table. Filters and sort live in the address bar (the server lists that view, so a
 * filtered view can be shared); live changes from the token stream update the cells of rows already shown,
 * in place and in the same order — rows never jump while being read — with a short flash.
 */
export function TokenTable({ tokens, query, nextCursor }: { tokens: TokenView[]; query: TokenListInput; nextCursor: string | null }) {
  const router = useRouter();
  const pathname = usePathname();
  // Null only under the Pages Router (next-env.d.ts has its compat types, for pages/api): never here.
  const params = useSearchParams() ?? new URLSearchParams();
  const live = useLiveTokens();
  const now = useNow();
  const typing = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => clearTimeout(typing.current ?? undefined), []);

  const set = (next: Record<string, string>) => {
    const merged = new URLSearchParams(params);
    merged.delete('cursor'); // a new view starts on its first page
    for (const [k, v] of Object.entries(next)) {
      if (v) merged.set(k, v);
      else merged.delete(k);
    }
    router.replace(`${pathname}?${merged}`, { scroll: false });
  };
  /** Text fields: the URL (and the list) follows once typing pauses. */
  const setSoon = (next: Record<string, string>) => {
    clearTimeout(typing.current ?? undefined);
    typing.current = setTimeout(() => set(next), 300);
  };
  const sortBy = (sort: Sort) => set({ sort, order: query.sort === sort && query.order === 'desc' ? 'asc' : 'desc' });

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-3 text-sm">
        <label className="flex flex-col gap-1">
          Chain
          <select value={query.chain ?? ''} onChange={(e) => set({ chain: e.target.value })} className={inputClass}>
            <option value="">All chains</option>
            {TOKEN_CHAINS.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          Search
          <input type="search" defaultValue={query.q ?? ''} onChange={(e) => setSoon({ q: e.target.value.trim() })} placeholder="Symbol, name or address" className={inputClass} />
        </label>
        <label className="flex flex-col gap-1">
          Min liquidity (USD)
          <input inputMode="decimal" defaultValue={query.minLiquidity ?? ''} onChange={(e) => setSoon({ minLiquidity: e.target.value.trim() })} className={`${inputClass} w-36`} />
        </label>
        <label className="flex flex-col gap-1">
          Min 24 h volume (USD)
          <input inputMode="decimal" defaultValue={query.minVolume ?? ''} onChange={(e) => setSoon({ minVolume: e.target.value.trim() })} className={`${inputClass} w-36`} />
        </label>
        <span className="ml-auto text-xs text-zinc-500" role="status" data-testid="token-stream-status">
          {live.connected ? '● live' : '○ connecting…'}
        </span>
      </div>
      <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
        <table className="w-full text-left text-sm" data-testid="tokens-table">
          <thead className="text-zinc-500">
            <tr>
              {COLUMNS.map((c) => (
                <th
                  key={c.label}
                  scope="col"
                  aria-sort={c.sort && query.sort === c.sort ? (query.order === 'asc' ? 'ascending' : 'descending') : undefined}
                  className={`whitespace-nowrap px-3 py-2 font-medium ${c.align === 'right' ? 'text-right' : ''}`}
                >
                  {c.sort ? (
                    <button type="button" onClick={() => sortBy(c.sort!)} className="hover:underline">
                      {c.label}
                      {query.sort === c.sort ? (query.order === 'asc' ? ' ↑' : ' ↓') : ''}
                    </button>
                  ) : (
                    c.label
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="tabular-nums">
            {tokens.map((row) => {
              const key = tokenKeyOf(row);
              const t = live.tokens.get(key) ?? row;
              const changedAt = live.receivedAt.get(key);
              const flashing = now !== null && changedAt !== undefined && now - changedAt < FLASH_MS;
              return (
                <tr
                  key={key}
                  data-testid={`token-${t.chain}-${t.address}`}
                  data-stale={t.stale}
                  className={`border-t border-zinc-200 transition-colors dark:border-zinc-800 ${flashing ? 'bg-blue-50 dark:bg-blue-950/40' : ''}`}
                >
                  <td className="whitespace-nowrap px-3 py-2">
                    <Link href={tokenHref(t)} className="font-semibold hover:underline">
                      {t.symbol ?? t.address.slice(0, 8)}
                    </Link>{' '}
                    <span className="text-zinc-500">{t.name}</span> {t.stale && <StaleBadge ageMs={ageNow(t, now)} />}
                  </td>
                  <td className="px-3 py-2 text-zinc-500">{t.chain}</td>
                  <td className="whitespace-nowrap px-3 py-2 text-right font-mono" data-testid="token-price">
                    {tokenPrice(t.priceUsd)}
                  </td>
                  <td className={`px-3 py-2 text-right font-mono ${pctClass(pctOf(t.change1h))}`}>{signedPct(pctOf(t.change1h))}</td>
                  <td className={`px-3 py-2 text-right font-mono ${pctClass(pctOf(t.change24h))}`}>{signedPct(pctOf(t.change24h))}</td>
                  <td className="px-3 py-2 text-right font-mono">{compactUsd(t.volume24h)}</td>
                  <td className="px-3 py-2 text-right font-mono">{compactUsd(t.liquidityUsd)}</td>
                  <td className="px-3 py-2 text-right font-mono">{compactUsd(t.marketCap)}</td>
                  <td className="whitespace-nowrap px-3 py-2 text-right text-zinc-500">
                    {poolAge(t)}
                  </td>
                  <td className="px-3 py-2">
                    <SourceBadges token={t} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {tokens.length === 0 && <p className="p-3 text-sm text-zinc-500">No token matches.</p>}
      </div>
      {(nextCursor || query.cursor) && (
        <nav className="flex gap-3 text-sm" aria-label="Pages">
          {query.cursor && (
            <button type="button" onClick={() => set({})} className="hover:underline">
              ← First page
            </button>
          )}
          {nextCursor && (
            <button type="button" onClick={() => router.replace(`${pathname}?${withCursor(params, nextCursor)}`, { scroll: false })} className="hover:underline">
              Next page →
            </button>
          )}
        </nav>
      )}
    </div>
  );
}

function withCursor(params: URLSearchParams, cursor: string) {
  const next = new URLSearchParams(params);
  next.set('cursor', cursor);
  return next;
}
