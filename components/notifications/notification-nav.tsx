'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import Link from 'next/link';
import { useTRPC } from '@/components/trpc/react';

/**
 * The header's Alerts link and the inbox bell with the unread count. The count updates live: each new
 * notification on `stream.notifications` refreshes every notifications query (the count and any open inbox).
 */
export function NotificationNav() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const unread = useQuery(trpc.notifications.unreadCount.queryOptions());
  useSubscription(
    trpc.stream.notifications.subscriptionOptions(
      {},
      { onData: () => void queryClient.invalidateQueries({ queryKey: trpc.notifications.pathKey() }) },
    ),
  );
  const count = unread.data?.unread ?? 0;
  return (
    <>
      <Link href="/alerts">Alerts</Link>
      <Link href="/notifications" aria-label={`Notifications, ${count} unread`} className="relative" data-testid="notification-bell">
        <span aria-hidden="true">🔔</span>
        {count > 0 && (
          <span className="absolute -right-3 -top-2 rounded-full bg-rose-600 px-1.5 text-xs font-medium text-white" data-testid="unread-count">
            {count > 99 ? '99+' : count}
          </span>
        )}
      </Link>
    </>
  );
}
