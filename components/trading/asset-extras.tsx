'use client';

import dynamic from 'next/dynamic';

const placeholder = () => <div className="h-56 rounded-lg border border-zinc-200 dark:border-zinc-800" aria-hidden="true" />;
const QuickAlert = dynamic(() => import('@/components/alerts/quick-alert').then((m) => m.QuickAlert), { ssr: false, loading: placeholder });
const SymbolBots = dynamic(() => import('@/components/bots/symbol-bots').then((m) => m.SymbolBots), { ssr: false, loading: placeholder });

/**
 * Below the desk: a price alert and the user's bots on the symbol. Loaded after the page (their code is not
 * in the asset page's first load); the placeholders keep their height, so nothing shifts.
 */
/** A price clicked on the chart; `n` grows with each click, so clicking the same price again still applies. */
export interface PickedPrice {
  price: string;
  n: number;
}

export function AssetExtras({ symbol, lastPrice, picked }: { symbol: string; lastPrice: string | null; picked: PickedPrice | null }) {
  return (
    <div className="grid gap-4 md:grid-cols-2">
      <QuickAlert symbol={symbol} lastPrice={lastPrice} picked={picked} />
      <SymbolBots symbol={symbol} />
    </div>
  );
}
