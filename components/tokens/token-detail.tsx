'use client';

import type { TokenView } from '@/contracts/tokens';
import { pctClass, signedPct, utcDateTime } from '@/components/ui/format';
import { ageNow, SourceBadges, StaleBadge } from './token-badges';
import { compactUsd, formatAge, pctOf, poolAge, SOURCE_LABELS, tokenPrice } from './token-format';
import { tokenKeyOf, useLiveTokens, useNow } from './use-live-tokens';

type Field = keyof TokenView['fieldSources'];

/** One token: each merged figure with the source it came from, then what every source said, live. */
export function TokenDetail({ initial }: { initial: TokenView }) {
  const live = useLiveTokens();
  const now = useNow();
  const t = live.tokens.get(tokenKeyOf(initial)) ?? initial;
  const figures: { field: Field; label: string; value: string; className?: string }[] = [
    { field: 'priceUsd', label: 'Price', value: tokenPrice(t.priceUsd) },
    { field: 'change1h', label: '1 h', value: signedPct(pctOf(t.change1h)), className: pctClass(pctOf(t.change1h)) },
    { field: 'change24h', label: '24 h', value: signedPct(pctOf(t.change24h)), className: pctClass(pctOf(t.change24h)) },
    { field: 'volume24h', label: '24 h volume', value: compactUsd(t.volume24h) },
    { field: 'liquidityUsd', label: 'Liquidity', value: compactUsd(t.liquidityUsd) },
    { field: 'marketCap', label: 'Market cap', value: compactUsd(t.marketCap) },
    { field: 'fdv', label: 'FDV', value: compactUsd(t.fdv) },
    { field: 'pairCreatedAt', label: 'Pool age', value: poolAge(t) },
  ];
  return (
    <div className="space-y-4">
      <header className="flex flex-wrap items-baseline gap-3">
        <h1 className="text-2xl font-semibold">{t.symbol ?? '?'}</h1>
        <span className="text-zinc-500">{t.name}</span>
        <span className="rounded bg-zinc-100 px-2 py-0.5 text-xs dark:bg-zinc-800">{t.chain}</span>
        <SourceBadges token={t} />
        {t.stale && <StaleBadge ageMs={ageNow(t, now)} />}
        <span className="ml-auto text-xs text-zinc-500" role="status">
          {live.connected ? '● live' : '○ connecting…'}
        </span>
      </header>
      <p className="break-all font-mono text-xs text-zinc-500">{t.address}</p>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        {figures.map((f) => (
          <div key={f.field} className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800">
            <dt className="text-xs text-zinc-500">{f.label}</dt>
            <dd className={`font-mono text-lg tabular-nums ${f.className ?? ''}`}>{f.value}</dd>
            <dd className="text-[11px] text-zinc-500">{t.fieldSources[f.field] ? `from ${SOURCE_LABELS[t.fieldSources[f.field]!]}` : 'no source'}</dd>
          </div>
        ))}
      </dl>
      <table className="w-full text-left text-sm" data-testid="token-sources">
        <caption className="pb-2 text-left font-medium">Per source</caption>
        <thead className="text-zinc-500">
          <tr>
            <th className="px-3 py-2 font-medium">Source</th>
            <th className="px-3 py-2 text-right font-medium">Price</th>
            <th className="px-3 py-2 text-right font-medium">Liquidity</th>
            <th className="px-3 py-2 font-medium">As of</th>
            <th className="px-3 py-2 font-medium">State</th>
          </tr>
        </thead>
        <tbody className="tabular-nums">
          {t.sources.map((s) => (
            <tr key={s.name} className="border-t border-zinc-200 dark:border-zinc-800">
              <td className="px-3 py-2">{SOURCE_LABELS[s.name]}</td>
              <td className="px-3 py-2 text-right font-mono">{tokenPrice(s.priceUsd)}</td>
              <td className="px-3 py-2 text-right font-mono">{compactUsd(s.liquidityUsd)}</td>
              <td className="px-3 py-2 text-zinc-500">
                {utcDateTime(s.asOf)}
                {now !== null && ` (${formatAge(now - Date.parse(s.asOf))} ago)`}
              </td>
              <td className="px-3 py-2">{s.stale ? <span className="text-amber-700 dark:text-amber-400">stale</span> : 'fresh'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="text-xs text-zinc-500">
        The price is the liquidity-weighted median of the sources with at least $1,000 of liquidity behind it; the other
        figures come from the deepest source.
      </p>
    </div>
  );
}
