'use client';

import { useEffect, useState } from 'react';
import type { PriceTick } from '@/components/trpc/outputs';
import { marketStatus } from './market-status';

/**
 * "Market closed" (with the last close) or "Price delayed" (source down, with the price's age) beside the
 * quote; nothing while the price is live. Fed by the quote's own live tick, so it opens no stream of its own.
 */
export function MarketStatusBadge({ tick, pricePrecision }: { tick: PriceTick | null; pricePrecision: number }) {
  const [now, setNow] = useState(() => Date.now());
  const watching = Boolean(tick && (tick.stale || (tick.session && !tick.session.open)));
  useEffect(() => {
    if (!watching) return;
    const timer = setInterval(() => setNow(Date.now()), 5_000);
    return () => clearInterval(timer);
  }, [watching]);
  // Never older than the tick itself: the clock state may predate a tick that just arrived.
  const status = marketStatus(tick, Math.max(now, tick?.ts ?? 0), pricePrecision);
  if (!status) return null;
  const tone =
    status.tone === 'closed'
      ? 'bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300'
      : 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200';
  return (
    <p role="status" className="flex flex-wrap items-center gap-2 text-sm" data-testid="market-status">
      <span className={`rounded px-2 py-0.5 text-xs font-medium uppercase ${tone}`}>{status.label}</span>
      <span className="text-zinc-600 dark:text-zinc-400">{status.detail}</span>
    </p>
  );
}
