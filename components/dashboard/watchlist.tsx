'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import Link from 'next/link';
import { useState } from 'react';
import { useLivePrices } from '@/components/market/use-live-prices';
import { useTRPC } from '@/components/trpc/react';
import { errorMessage, pctClass, signedPct } from '@/components/ui/format';
import type { AppRouter } from '@/server/api/root';
import { useHydrated } from '@/components/ui/use-hydrated';

type Entries = inferRouterOutputs<AppRouter>['watchlist']['list'];

/** The user's watchlist: add and remove symbols (stored per user), prices live over SSE. */
export function Watchlist({ initial, catalogue }: { initial: Entries; catalogue: { symbol: string; name: string }[] }) {
  const hydrated = useHydrated();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const listOptions = trpc.watchlist.list.queryOptions();
  const list = useQuery({ ...listOptions, initialData: initial });
  const entries = list.data.data;
  const { ticks, connected } = useLivePrices(entries.map((e) => e.symbol));
  const [symbol, setSymbol] = useState('');
  const [notice, setNotice] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  // Not awaited: the form is usable again as soon as the server answered, while the list refetches.
  const refresh = () => void queryClient.invalidateQueries({ queryKey: listOptions.queryKey });

  const add = useMutation(
    trpc.watchlist.add.mutationOptions({
      onSuccess: (result) => {
        setSymbol('');
        setNotice({ tone: 'ok', text: result.added ? `Added ${result.symbol}.` : `${result.symbol} is already on your watchlist.` });
      },
      onError: (error) => setNotice({ tone: 'error', text: errorMessage(error) ?? 'Could not add the symbol' }),
      onSettled: refresh,
    }),
  );
  const remove = useMutation(
    trpc.watchlist.remove.mutationOptions({
      onSuccess: (result) => setNotice({ tone: 'ok', text: `Removed ${result.symbol}.` }),
      onError: (error) => setNotice({ tone: 'error', text: errorMessage(error) ?? 'Could not remove the symbol' }),
      onSettled: refresh,
    }),
  );

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const wanted = symbol.trim();
    if (!wanted) {
      setNotice({ tone: 'error', text: 'Type a symbol, such as BTC or AAPL.' });
      return;
    }
    setNotice(null);
    add.mutate({ symbol: wanted });
  }

  return (
    <section aria-labelledby="watchlist-heading" className="min-w-0 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
      <div className="mb-3 flex items-center justify-between gap-2">
        <h2 id="watchlist-heading" className="font-medium">
          Watchlist
        </h2>
        {entries.length > 0 && (
          <span className="text-xs text-zinc-500" role="status">
            {connected ? '● live' : '○ connecting…'}
          </span>
        )}
      </div>
      <form onSubmit={onSubmit} className="mb-3 flex gap-2" noValidate>
        <label htmlFor="watchlist-symbol" className="sr-only">
          Symbol to watch
        </label>
        <input
          id="watchlist-symbol"
          name="symbol"
          list="watchlist-catalogue"
          value={symbol}
          onChange={(e) => setSymbol(e.target.value)}
          placeholder="Symbol, e.g. BTC"
          autoComplete="off"
          aria-describedby={notice ? 'watchlist-notice' : undefined}
          className="min-w-0 flex-1 rounded border border-zinc-300 bg-transparent px-3 py-1.5 text-sm uppercase outline-none placeholder:normal-case focus:border-brand focus:ring-2 focus:ring-brand/30 dark:border-zinc-700"
        />
        <datalist id="watchlist-catalogue">
          {catalogue.map((a) => (
            <option key={a.symbol} value={a.symbol}>
              {a.name}
            </option>
          ))}
        </datalist>
        <button
          type="submit"
          disabled={!hydrated || add.isPending}
          className="rounded bg-brand px-3 py-1.5 text-sm font-medium text-white disabled:opacity-60"
        >
          {add.isPending ? 'Adding…' : 'Add'}
        </button>
      </form>
      {notice && (
        <p
          id="watchlist-notice"
          role={notice.tone === 'error' ? 'alert' : 'status'}
          className={`mb-2 text-sm ${notice.tone === 'error' ? 'text-down' : 'text-zinc-500'}`}
        >
          {notice.text}
        </p>
      )}
      {list.isError && (
        <p role="alert" className="mb-2 text-sm text-down">
          Could not refresh the watchlist: {list.error.message}
        </p>
      )}
      {entries.length === 0 ? (
        <p className="text-sm text-zinc-500">Your watchlist is empty. Add a symbol to follow its price here.</p>
      ) : (
        <ul className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800" data-testid="watchlist">
          {entries.map((entry) => {
            const tick = ticks.get(entry.symbol);
            const price = tick?.price ?? entry.price;
            const change = tick?.change24h ?? entry.change24h;
            return (
              <li key={entry.symbol} className="flex items-center gap-3 py-2" data-testid={`watchlist-row-${entry.symbol}`}>
                <div className="min-w-0 flex-1">
                  <Link href={`/assets/${entry.symbol}`} className="font-semibold hover:underline">
                    {entry.symbol}
                  </Link>
                  <span className="ml-2 hidden truncate text-zinc-500 sm:inline">{entry.name}</span>
                </div>
                <span className="font-mono tabular-nums" data-testid={`watch-price-${entry.symbol}`}>
                  {price ?? '—'}
                </span>
                <span className={`w-16 text-right font-mono tabular-nums ${pctClass(change)}`}>{signedPct(change)}</span>
                <button
                  type="button"
                  onClick={() => {
                    setNotice(null);
                    remove.mutate({ symbol: entry.symbol });
                  }}
                  disabled={remove.isPending}
                  aria-label={`Remove ${entry.symbol} from watchlist`}
                  className="rounded border border-zinc-300 px-2 py-0.5 text-xs disabled:opacity-50 dark:border-zinc-700"
                >
                  Remove
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
