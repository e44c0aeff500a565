'use client';

import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '@/components/trpc/react';
import { LocalTime } from '@/components/ui/local-time';

/** The inbox: newest first, unread in bold; mark one or all read, delete. New notifications appear live. */
export function Inbox() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const list = useInfiniteQuery(
    trpc.notifications.list.infiniteQueryOptions({ unreadOnly, limit: 30 }, { getNextPageParam: (page) => page.nextCursor }),
  );
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.notifications.pathKey() });
  const markRead = useMutation(trpc.notifications.markRead.mutationOptions({ onSettled: refresh }));
  const remove = useMutation(trpc.notifications.delete.mutationOptions({ onSettled: refresh }));
  const items = list.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <section className="space-y-4">
      <div className="flex items-center gap-4 text-sm">
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={unreadOnly} onChange={(e) => setUnreadOnly(e.target.checked)} /> Unread only
        </label>
        <button type="button" className="ml-auto rounded border border-zinc-300 px-2 py-1 dark:border-zinc-700" onClick={() => markRead.mutate({ all: true })}>
          Mark all read
        </button>
      </div>
      {list.isPending ? (
        <p className="text-sm text-zinc-500">Loading…</p>
      ) : items.length === 0 ? (
        <p className="text-sm text-zinc-500">No notifications yet. Alerts that fire and your orders’ fills show up here.</p>
      ) : (
        <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800" data-testid="inbox">
          {items.map((n) => (
            <li key={n.id} className="flex items-start gap-3 p-3 text-sm">
              <span className="mt-0.5 rounded bg-zinc-100 px-1.5 text-xs text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">{n.kind.replace('_', ' ')}</span>
              <div className="min-w-0 flex-1">
                <p className={n.readAt ? '' : 'font-semibold'}>{n.title}</p>
                {n.body && <p className="text-zinc-500">{n.body}</p>}
                <p className="text-xs text-zinc-400">
                  <LocalTime at={n.createdAt} />
                </p>
              </div>
              {!n.readAt && (
                <button type="button" className="text-brand" onClick={() => markRead.mutate({ ids: [n.id] })}>
                  Mark read
                </button>
              )}
              <button type="button" className="text-zinc-500" aria-label={`Delete “${n.title}”`} onClick={() => remove.mutate({ id: n.id })}>
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
      {list.hasNextPage && (
        <button type="button" className="text-sm text-brand" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          Older
        </button>
      )}
    </section>
  );
}
