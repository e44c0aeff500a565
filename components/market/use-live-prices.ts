'use client';

import { useEffect, useState } from 'react';
import type { PriceTick } from '@/components/trpc/outputs';
import { priceStreamKey, subscribePrices } from './price-stream';

/**
 * Live prices for `symbols` from `GET /api/v1/stream/prices` (see `subscribePrices`: one connection per
 * distinct symbol set on the page, shared); none while the set is empty.
 */
export function useLivePrices(symbols: readonly string[]): { ticks: ReadonlyMap<string, PriceTick>; connected: boolean } {
  const key = priceStreamKey(symbols);
  const [ticks, setTicks] = useState<ReadonlyMap<string, PriceTick>>(new Map());
  const [connected, setConnected] = useState(false);

  useEffect(() => {
    if (!key) return;
    const unsubscribe = subscribePrices(key.split(','), {
      onTicks: (list) =>
        setTicks((prev) => {
          const next = new Map(prev);
          for (const t of list) next.set(t.symbol, t);
          return next;
        }),
      onConnected: setConnected,
    });
    return () => {
      unsubscribe();
      setConnected(false);
    };
  }, [key]);

  return { ticks, connected };
}
