'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTRPC } from '@/components/trpc/react';

/** The signed-in user's bots trading this symbol, on the asset page: status and realized P&L, linked to /bots. */
export function SymbolBots({ symbol }: { symbol: string }) {
  const trpc = useTRPC();
  const { data } = useQuery({ ...trpc.bots.list.queryOptions({ symbol, limit: 20 }), refetchInterval: 15_000 });
  return (
    <section aria-labelledby="symbol-bots" className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
      <h2 id="symbol-bots" className="mb-2 font-medium">
        Bots on {symbol}
      </h2>
      {!data ? (
        <p className="text-sm text-zinc-500">Loading…</p>
      ) : data.data.length === 0 ? (
        <p className="text-sm text-zinc-500">
          No bot trades {symbol}.{' '}
          <Link href="/bots" className="text-brand underline">
            Create one
          </Link>
        </p>
      ) : (
        <ul className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800" data-testid="symbol-bots">
          {data.data.map((b) => (
            <li key={b.id} className="flex items-center justify-between gap-2 py-1.5">
              <Link href="/bots" className="truncate hover:underline">
                {b.name} <span className="text-zinc-500">· {b.strategy.replace('_', ' ')} · {b.interval}</span>
              </Link>
              <span className="font-mono text-xs">{b.status}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
