import type { Metadata } from 'next';
import { Suspense } from 'react';
import { MarketsTable, type MarketRow } from '@/components/market/markets-table';
import { getServerCaller } from '@/server/api/server-caller';

export const metadata: Metadata = { title: 'Markets' };

/** Public: every asset in the catalogue with live prices and its last 24 hours. */
export default async function MarketsPage() {
  const caller = await getServerCaller();
  const [assets, stats] = await Promise.all([caller.market.assets({ limit: 100 }), caller.market.stats().catch(() => [])]);
  const bySymbol = new Map(stats.map((s) => [s.symbol, s]));
  const rows: MarketRow[] = assets.data.map((a) => ({
    symbol: a.symbol,
    name: a.name,
    kind: a.kind,
    pricePrecision: a.pricePrecision,
    stats: bySymbol.get(a.symbol) ?? null,
  }));
  return (
    <Suspense>
      <MarketsTable rows={rows} />
    </Suspense>
  );
}
