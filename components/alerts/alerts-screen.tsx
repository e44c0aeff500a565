'use client';

import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { useTRPC } from '@/components/trpc/react';
import { LocalTime } from '@/components/ui/local-time';
import { AlertForm } from './alert-form';

/**
 * The user's alerts: create, pause/resume, delete; each row shows what it watches and when it last fired, and
 * opens its history of fires (price, the price it moved from, time).
 */
export function AlertsScreen() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useInfiniteQuery(trpc.alerts.list.infiniteQueryOptions({ limit: 50 }, { getNextPageParam: (page) => page.nextCursor }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.alerts.pathKey() });
  const update = useMutation(trpc.alerts.update.mutationOptions({ onSettled: refresh }));
  const remove = useMutation(trpc.alerts.delete.mutationOptions({ onSettled: refresh }));
  const alerts = list.data?.pages.flatMap((p) => p.data) ?? [];
  const [open, setOpen] = useState<string | null>(null);

  return (
    <div className="space-y-6">
      <AlertForm onCreated={refresh} />
      {list.isPending ? (
        <p className="text-sm text-zinc-500">Loading…</p>
      ) : alerts.length === 0 ? (
        <p className="text-sm text-zinc-500">No alerts yet.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="alerts-table">
            <thead className="text-zinc-500">
              <tr>
                <th className="py-1 pr-3 font-medium">Symbol</th>
                <th className="py-1 pr-3 font-medium">Condition</th>
                <th className="py-1 pr-3 font-medium">Frequency</th>
                <th className="py-1 pr-3 font-medium">Status</th>
                <th className="py-1 pr-3 font-medium">Fired</th>
                <th className="py-1 pr-3 font-medium">Note</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {alerts.map((a) => (
                <Fragment key={a.id}>
                  <tr className="border-t border-zinc-200 dark:border-zinc-800">
                    <td className="py-2 pr-3 font-medium">{a.symbol}</td>
                    <td className="py-2 pr-3">
                      {a.condition.replaceAll('_', ' ')}{' '}
                      <span className="font-mono">
                        {a.lower !== null ? `${a.lower}–${a.upper}` : a.value}
                        {a.windowMinutes !== null && ` % / ${a.windowMinutes} min`}
                      </span>
                    </td>
                    <td className="py-2 pr-3">{a.frequency === 'once_per_bar' ? `once per ${a.interval}` : a.frequency === 'every_time' ? `every time (${a.cooldownSeconds} s)` : 'once'}</td>
                    <td className="py-2 pr-3">{a.status}</td>
                    <td className="py-2 pr-3">
                      {a.fireCount > 0 ? (
                        <button
                          type="button"
                          aria-expanded={open === a.id}
                          aria-controls={`fires-${a.id}`}
                          aria-label={`${a.fireCount}× — ${open === a.id ? 'hide' : 'show'} the history of ${a.symbol} ${a.condition.replaceAll('_', ' ')}`}
                          onClick={() => setOpen(open === a.id ? null : a.id)}
                          className="text-left text-brand underline-offset-2 hover:underline"
                        >
                          {a.fireCount}× {a.lastFiredAt && <LocalTime at={a.lastFiredAt} />}
                        </button>
                      ) : (
                        'never'
                      )}
                    </td>
                    <td className="py-2 pr-3 text-zinc-500">{a.note}</td>
                    <td className="space-x-3 py-2 text-right">
                      <button type="button" className="text-brand" onClick={() => update.mutate({ id: a.id, status: a.status === 'active' ? 'paused' : 'active' })}>
                        {a.status === 'active' ? 'Pause' : 'Resume'}
                      </button>
                      <button type="button" className="text-zinc-500" onClick={() => remove.mutate({ id: a.id })}>
                        Delete
                      </button>
                    </td>
                  </tr>
                  {open === a.id && (
                    <tr id={`fires-${a.id}`}>
                      <td colSpan={7} className="pb-3 pl-4">
                        <FireHistory alertId={a.id} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** One alert's fires, newest first, 20 at a time. */
function FireHistory({ alertId }: { alertId: string }) {
  const trpc = useTRPC();
  const fires = useInfiniteQuery(trpc.alerts.fires.infiniteQueryOptions({ id: alertId, limit: 20 }, { getNextPageParam: (page) => page.nextCursor }));
  const rows = fires.data?.pages.flatMap((p) => p.data) ?? [];
  if (fires.isPending) return <p className="text-sm text-zinc-500">Loading history…</p>;
  if (fires.isError) return <p className="text-sm text-down">Could not load the history.</p>;
  if (rows.length === 0) return <p className="text-sm text-zinc-500">No fires recorded.</p>;
  return (
    <div className="rounded border border-zinc-200 p-2 dark:border-zinc-800">
      <table className="text-left text-xs" data-testid="alert-fires">
        <caption className="mb-1 text-left font-medium text-zinc-500">Fire history</caption>
        <thead className="text-zinc-500">
          <tr>
            <th className="pr-4 font-medium">Time</th>
            <th className="pr-4 font-medium">Price</th>
            <th className="font-medium">From</th>
          </tr>
        </thead>
        <tbody className="font-mono tabular-nums">
          {rows.map((f) => (
            <tr key={f.id}>
              <td className="pr-4">
                <LocalTime at={f.firedAt} />
              </td>
              <td className="pr-4">{f.price}</td>
              <td>{f.previous ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {fires.hasNextPage && (
        <button type="button" onClick={() => void fires.fetchNextPage()} disabled={fires.isFetchingNextPage} className="mt-1 text-xs text-brand">
          {fires.isFetchingNextPage ? 'Loading…' : 'Older fires'}
        </button>
      )}
    </div>
  );
}
