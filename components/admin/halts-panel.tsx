'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { useState } from 'react';
import { useTRPC } from '@/components/trpc/react';
import { errorMessage, utcDateTime } from '@/components/ui/format';
import type { AppRouter } from '@/server/api/root';
import { useHydrated } from '@/components/ui/use-hydrated';

type Halts = inferRouterOutputs<AppRouter>['admin']['halts']['list'];

const DURATIONS = [
  { label: 'Until resumed', minutes: 0 },
  { label: '5 minutes', minutes: 5 },
  { label: '15 minutes', minutes: 15 },
  { label: '1 hour', minutes: 60 },
  { label: '4 hours', minutes: 240 },
  { label: '1 day', minutes: 1440 },
] as const;

const inputClass =
  'h-10 w-full rounded border border-zinc-300 bg-transparent px-3 text-sm outline-none focus:border-brand focus:ring-2 focus:ring-brand/30 dark:border-zinc-700 dark:bg-zinc-950';

/** Active halts (manual and circuit breaker), a form to halt a symbol, and resume buttons. */
export function HaltsPanel({ initial, symbols }: { initial: Halts; symbols: string[] }) {
  const hydrated = useHydrated();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const halts = useQuery({ ...trpc.admin.halts.list.queryOptions(), initialData: initial, refetchInterval: 15_000 });
  const [notice, setNotice] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  // Halts show up in the audit log and the figures too.
  const refreshAdmin = () => queryClient.invalidateQueries({ queryKey: trpc.admin.pathKey() });

  const halt = useMutation(
    trpc.admin.halts.halt.mutationOptions({
      onSuccess: (row) => setNotice({ tone: 'ok', text: `${row.symbol} halted.` }),
      onError: (error) => setNotice({ tone: 'error', text: errorMessage(error) ?? 'Could not halt the symbol' }),
      onSettled: refreshAdmin,
    }),
  );
  const resume = useMutation(
    trpc.admin.halts.resume.mutationOptions({
      onSuccess: (row) => setNotice({ tone: 'ok', text: `${row.symbol} resumed.` }),
      onError: (error) => setNotice({ tone: 'error', text: errorMessage(error) ?? 'Could not resume the symbol' }),
      onSettled: refreshAdmin,
    }),
  );

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const symbol = String(form.get('symbol') ?? '').trim();
    const reason = String(form.get('reason') ?? '').trim();
    const minutes = Number(form.get('duration') ?? 0);
    if (!symbol || reason.length < 3) {
      setNotice({ tone: 'error', text: !symbol ? 'Choose a symbol to halt.' : 'Give a reason of at least 3 characters.' });
      return;
    }
    setNotice(null);
    halt.mutate(
      { symbol, reason, ...(minutes > 0 ? { durationMinutes: minutes } : {}) },
      { onSuccess: () => formElement.reset() },
    );
  }

  return (
    <div className="space-y-4">
      <form onSubmit={onSubmit} noValidate className="grid gap-3 sm:grid-cols-[8rem_1fr_10rem_auto] sm:items-end">
        <label className="block text-sm">
          <span className="mb-1 block font-medium">Symbol</span>
          <input name="symbol" list="halt-symbols" autoComplete="off" required className={`${inputClass} uppercase`} />
          <datalist id="halt-symbols">
            {symbols.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
        </label>
        <label className="block text-sm">
          <span className="mb-1 block font-medium">Reason</span>
          <input name="reason" required minLength={3} maxLength={200} className={inputClass} />
        </label>
        <label className="block text-sm">
          <span className="mb-1 block font-medium">Duration</span>
          <select name="duration" defaultValue="0" className={inputClass}>
            {DURATIONS.map((d) => (
              <option key={d.minutes} value={d.minutes}>
                {d.label}
              </option>
            ))}
          </select>
        </label>
        <button
          type="submit"
          disabled={!hydrated || halt.isPending}
          className="rounded bg-down px-4 py-2 text-sm font-medium text-white disabled:opacity-60"
        >
          {halt.isPending ? 'Halting…' : 'Halt symbol'}
        </button>
      </form>
      {notice && (
        <p role={notice.tone === 'error' ? 'alert' : 'status'} className={`text-sm ${notice.tone === 'error' ? 'text-down' : 'text-zinc-500'}`}>
          {notice.text}
        </p>
      )}
      {halts.isError && (
        <p role="alert" className="text-sm text-down">
          Could not refresh the halts: {halts.error.message}
        </p>
      )}
      {halts.data.data.length === 0 ? (
        <p className="text-sm text-zinc-500">No symbol is halted. Every market takes orders.</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
          <table className="w-full text-left text-sm" data-testid="halts-table">
            <caption className="sr-only">Active halts</caption>
            <thead className="bg-zinc-50 text-zinc-500 dark:bg-zinc-900">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">Symbol</th>
                <th scope="col" className="px-3 py-2 font-medium">Source</th>
                <th scope="col" className="px-3 py-2 font-medium">Reason</th>
                <th scope="col" className="px-3 py-2 font-medium">Since</th>
                <th scope="col" className="px-3 py-2 font-medium">Until</th>
                <th scope="col" className="px-3 py-2 font-medium">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {halts.data.data.map((h) => (
                <tr key={h.symbol} className="border-t border-zinc-200 dark:border-zinc-800" data-testid={`halt-row-${h.symbol}`}>
                  <td className="px-3 py-2 font-semibold">{h.symbol}</td>
                  <td className="px-3 py-2">
                    <span
                      className={`rounded px-1.5 py-0.5 text-xs ${h.source === 'manual' ? 'bg-zinc-100 dark:bg-zinc-800' : 'bg-down/15 text-down'}`}
                    >
                      {h.source === 'manual' ? 'manual' : 'circuit breaker'}
                    </span>
                  </td>
                  <td className="px-3 py-2">{h.reason}</td>
                  <td className="whitespace-nowrap px-3 py-2 text-zinc-500">{utcDateTime(h.haltedAt)}</td>
                  <td className="whitespace-nowrap px-3 py-2 text-zinc-500">{h.until ? utcDateTime(h.until) : 'until resumed'}</td>
                  <td className="px-3 py-2 text-right">
                    <button
                      type="button"
                      onClick={() => {
                        setNotice(null);
                        resume.mutate({ symbol: h.symbol });
                      }}
                      disabled={resume.isPending}
                      aria-label={`Resume ${h.symbol}`}
                      className="rounded border border-zinc-300 px-2 py-1 disabled:opacity-50 dark:border-zinc-700"
                    >
                      Resume
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
