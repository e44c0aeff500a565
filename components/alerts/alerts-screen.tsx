'use client';

import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/react';
import { LocalTime } from '@/components/ui/local-time';
import { AlertForm } from './alert-form';

/** The user's alerts: create, pause/resume, delete; each row shows what it watches and when it last fired. */
export function AlertsScreen() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useInfiniteQuery(trpc.alerts.list.infiniteQueryOptions({ limit: 50 }, { getNextPageParam: (page) => page.nextCursor }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.alerts.pathKey() });
  const update = useMutation(trpc.alerts.update.mutationOptions({ onSettled: refresh }));
  const remove = useMutation(trpc.alerts.delete.mutationOptions({ onSettled: refresh }));
  const alerts = list.data?.pages.flatMap((p) => p.data) ?? [];

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
                <tr key={a.id} className="border-t border-zinc-200 dark:border-zinc-800">
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
                    {a.fireCount}× {a.lastFiredAt && <LocalTime at={a.lastFiredAt} />}
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
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
