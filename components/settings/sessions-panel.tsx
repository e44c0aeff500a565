'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/react';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const when = (d: Date | string) => dateTime.format(new Date(d));

/** Where I am signed in (browsers and access tokens), with revoke for one or all the others. */
export function SessionsPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const listOptions = trpc.security.sessions.queryOptions();
  const { data } = useQuery(listOptions);
  const refresh = () => queryClient.invalidateQueries({ queryKey: listOptions.queryKey });
  const revoke = useMutation(trpc.security.revokeSession.mutationOptions({ onSettled: refresh }));
  const revokeOthers = useMutation(trpc.security.revokeOtherSessions.mutationOptions({ onSettled: refresh }));
  const sessions = data?.data ?? [];

  return (
    <div className="space-y-3">
      <div className="flex items-center justify-between">
        <h3 className="font-medium">Sessions</h3>
        <button
          type="button"
          onClick={() => revokeOthers.mutate()}
          disabled={revokeOthers.isPending || sessions.length < 2}
          className="rounded border border-zinc-300 px-3 py-1 text-sm disabled:opacity-50 dark:border-zinc-700"
        >
          Sign out everywhere else
        </button>
      </div>
      <table className="w-full text-left text-sm">
        <thead className="text-zinc-500">
          <tr>
            <th className="py-1 font-normal">Device</th>
            <th className="font-normal">IP</th>
            <th className="font-normal">Signed in</th>
            <th className="font-normal">Last seen</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => (
            <tr key={s.id} className="border-t border-zinc-200 dark:border-zinc-800">
              <td className="max-w-72 truncate py-1" title={s.userAgent ?? undefined}>
                {s.kind === 'bearer' ? 'Access token' : 'Browser'}
                {s.userAgent ? ` · ${s.userAgent}` : ''}
              </td>
              <td>{s.ip ?? '—'}</td>
              <td>{when(s.createdAt)}</td>
              <td>{when(s.lastSeenAt)}</td>
              <td className="text-right">
                {s.current ? (
                  <span className="text-zinc-500">this session</span>
                ) : (
                  <button type="button" onClick={() => revoke.mutate({ sessionId: s.id })} className="text-down underline">
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
