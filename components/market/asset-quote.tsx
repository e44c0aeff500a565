'use client';

import { pctClass, signedPct } from '@/components/ui/format';
import type { DayStats } from '@/components/trpc/outputs';
import { dayFigures } from './day-figures';
import { MarketStatusBadge } from './market-status-badge';
import { formatPrice } from './price-format';
import { useLivePrices } from './use-live-prices';

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 2 });

/**
 * The asset's quote line: last price from the price stream, and its last 24 hours from `market.stats`, moved
 * by the live price (`dayFigures`) so the header never contradicts the chart beneath it. Volume stays as
 * stored: it comes from candles, not ticks.
 */
export function AssetQuote({ symbol, pricePrecision, stats }: { symbol: string; pricePrecision: number; stats: DayStats | null }) {
  const { ticks } = useLivePrices([symbol]);
  const tick = ticks.get(symbol) ?? null;
  const { last, changePct: change, high, low } = dayFigures(stats, tick?.price);
  const price = (v: number | string | null) => (v === null ? '—' : formatPrice(v, pricePrecision));
  return (
    <>
      <dl className="flex flex-wrap items-baseline gap-x-6 gap-y-1 tabular-nums" data-testid="asset-quote" aria-label={`${symbol} quote`}>
        <div>
          <dt className="sr-only">Last price</dt>
          <dd className="font-mono text-2xl font-semibold" data-testid="quote-last">
            {price(last)}
          </dd>
        </div>
        <Figure label="24 h change" testId="quote-change" className={`font-mono ${pctClass(change)}`} value={signedPct(change)} />
        <Figure label="24 h high" testId="quote-high" value={price(high)} />
        <Figure label="24 h low" testId="quote-low" value={price(low)} />
        <Figure label={`24 h volume (${symbol})`} testId="quote-volume" value={stats ? compact.format(Number(stats.volume)) : '—'} />
      </dl>
      <MarketStatusBadge tick={tick} pricePrecision={pricePrecision} />
    </>
  );
}

function Figure({ label, value, testId, className = 'font-mono' }: { label: string; value: string; testId: string; className?: string }) {
  return (
    <div className="text-sm">
      <dt className="text-xs text-zinc-600 dark:text-zinc-400">{label}</dt>
      <dd className={className} data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}
