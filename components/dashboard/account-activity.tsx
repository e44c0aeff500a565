'use client';

import { useQuery } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { useTRPC } from '@/components/trpc/react';
import { utcDateTime } from '@/components/ui/format';
import type { AppRouter } from '@/server/api/root';

type Activity = inferRouterOutputs<AppRouter>['account']['activity'];
type Item = Activity[number];

const verb = (side: 'buy' | 'sell') => (side === 'buy' ? 'Bought' : 'Sold');

function describe(item: Item): { text: string; tone: 'ok' | 'error' | 'muted' } {
  switch (item.kind) {
    case 'fill':
      return { text: `${verb(item.side)} ${item.qty} ${item.symbol} @ ${item.price}`, tone: 'ok' };
    case 'rejected':
      return { text: `Order to ${item.side} ${item.qty} ${item.symbol} rejected: ${item.message ?? item.reason ?? 'no reason given'}`, tone: 'error' };
    case 'expired':
      return { text: `Order to ${item.side} ${item.qty} ${item.symbol} expired`, tone: 'muted' };
  }
}

/**
 * Notifications for the account: its latest fills, rejections and expiries, refreshed every 15 s and
 * when the tab regains focus.
 */
export function AccountActivity({ initial, limit }: { initial: Activity; limit: number }) {
  const trpc = useTRPC();
  const activity = useQuery({
    ...trpc.account.activity.queryOptions({ limit }),
    initialData: initial,
    refetchInterval: 15_000,
  });
  return (
    <section aria-labelledby="activity-heading" className="min-w-0 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
      <h2 id="activity-heading" className="mb-3 font-medium">
        Notifications
      </h2>
      {activity.isError && (
        <p role="alert" className="mb-2 text-sm text-down">
          Could not refresh: {activity.error.message}
        </p>
      )}
      {activity.data.length === 0 ? (
        <p className="text-sm text-zinc-500">Nothing yet. Your fills and rejected or expired orders show up here.</p>
      ) : (
        <ul className="space-y-2 text-sm" data-testid="account-activity">
          {activity.data.map((item) => {
            const { text, tone } = describe(item);
            return (
              <li key={`${item.kind}-${item.id}`} className="flex flex-col gap-0.5 sm:flex-row sm:justify-between sm:gap-3">
                <span className={tone === 'error' ? 'text-down' : tone === 'muted' ? 'text-zinc-500' : ''}>{text}</span>
                <time dateTime={new Date(item.at).toISOString()} className="shrink-0 text-xs text-zinc-500">
                  {utcDateTime(item.at)}
                </time>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
