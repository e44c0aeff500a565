'use client';

import { useEffect, useState } from 'react';
import type { PriceTick } from '@/components/trpc/outputs';

/**
 * Live prices for `symbols` from `GET /api/v1/stream/prices` (EventSource reconnects by itself and resumes
 * with Last-Event-ID). One connection per distinct symbol set; none while the set is empty.
 */
export function useLivePrices(symbols: readonly string[]): { ticks: ReadonlyMap<string, PriceTick>; connected: boolean } {
  const key = [...new Set(symbols)].sort().join(',');
  const [ticks, setTicks] = useState<ReadonlyMap<string, PriceTick>>(new Map());
  const [connected, setConnected] = useState(false);

  useEffect(() => {
    if (!key) return;
    const source = new EventSource(`/api/v1/stream/prices?symbols=${encodeURIComponent(key)}`);
    const apply = (list: PriceTick[]) =>
      setTicks((prev) => {
        const next = new Map(prev);
        for (const t of list) next.set(t.symbol, t);
        return next;
      });
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    source.addEventListener('price', (e) => apply([JSON.parse((e as MessageEvent).data) as PriceTick]));
    source.addEventListener('snapshot', (e) => apply(JSON.parse((e as MessageEvent).data) as PriceTick[]));
    return () => {
      source.close();
      setConnected(false);
    };
  }, [key]);

  return { ticks, connected };
}
