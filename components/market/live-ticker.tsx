'use client';

import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import type { PriceTick } from '@/components/trpc/outputs';
import { subscribePrices } from './price-stream';

type Direction = 'up' | 'down' | null;

/**
 * Live prices from `GET /api/v1/stream/prices` (`subscribePrices`: reconnects by itself and resumes with
 * Last-Event-ID). Starts from the server-rendered snapshot so the first paint already has prices.
 */
export function LiveTicker({ initial }: { initial: PriceTick[] }) {
  const [ticks, setTicks] = useState(() => new Map(initial.map((t) => [t.symbol, t])));
  const [moves, setMoves] = useState<Map<string, Direction>>(new Map());
  const [connected, setConnected] = useState(false);
  const symbols = useRef(initial.map((t) => t.symbol));

  useEffect(() => {
    const apply = (list: PriceTick[]) => {
      setTicks((prev) => {
        const next = new Map(prev);
        const changed = new Map<string, Direction>();
        for (const t of list) {
          const before = prev.get(t.symbol);
          if (before && before.price !== t.price) changed.set(t.symbol, Number(t.price) > Number(before.price) ? 'up' : 'down');
          next.set(t.symbol, t);
        }
        if (changed.size) setMoves((m) => new Map([...m, ...changed]));
        return next;
      });
    };
    return subscribePrices(symbols.current, { onTicks: apply, onConnected: setConnected });
  }, []);

  return (
    <section aria-labelledby="ticker-heading" className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
      <div className="mb-3 flex items-center justify-between">
        <h2 id="ticker-heading" className="font-medium">
          Live prices
        </h2>
        <span className="text-xs text-zinc-500" role="status">
          {connected ? '● live' : '○ connecting…'}
        </span>
      </div>
      {ticks.size === 0 ? (
        <p className="text-sm text-zinc-500">No prices yet.</p>
      ) : (
        <ul className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-4">
          {[...ticks.values()].map((t) => {
            const move = moves.get(t.symbol);
            return (
              <li key={t.symbol} className="rounded border border-zinc-100 px-3 py-2 dark:border-zinc-900">
                <div className="flex justify-between text-sm">
                  <Link href={`/assets/${t.symbol}`} className="font-semibold hover:underline">
                    {t.symbol}
                  </Link>
                  <span className={t.change24h === null ? 'text-zinc-500' : t.change24h >= 0 ? 'text-up' : 'text-down'}>
                    {t.change24h === null ? '—' : `${t.change24h >= 0 ? '+' : ''}${t.change24h.toFixed(2)}%`}
                  </span>
                </div>
                <div
                  data-testid={`price-${t.symbol}`}
                  className={`font-mono tabular-nums ${move === 'up' ? 'text-up' : move === 'down' ? 'text-down' : ''}`}
                >
                  {t.price}
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
