'use client';

import { useQuery } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { useTRPC } from '@/components/trpc/react';
import { utcDateTime } from '@/components/ui/format';
import type { AppRouter } from '@/server/api/root';

type Stats = inferRouterOutputs<AppRouter>['admin']['stats'];

const ratio = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)} %`);

/** Platform figures, refreshed every 10 s while the page is open. */
export function PlatformStats({ initial }: { initial: Stats }) {
  const trpc = useTRPC();
  const stats = useQuery({ ...trpc.admin.stats.queryOptions(), initialData: initial, refetchInterval: 10_000 });
  const s = stats.data;
  const figures: { label: string; value: string | number; detail?: string; id: string }[] = [
    { id: 'users', label: 'Users', value: s.users.total, detail: `${s.users.admins} admin · ${s.users.disabled} disabled` },
    { id: 'orders-today', label: 'Orders today', value: s.orders.today, detail: 'since 00:00 UTC' },
    { id: 'fills-today', label: 'Fills today', value: s.fills.today },
    { id: 'open-orders', label: 'Open orders', value: s.orders.open },
    { id: 'tasks', label: 'Tasks', value: s.tasks.total, detail: `${s.tasks.open} not done` },
    {
      id: 'jobs',
      label: 'Jobs',
      value: s.jobs.queued + s.jobs.running,
      detail: `${s.jobs.queued} queued · ${s.jobs.running} running · ${s.jobs.succeeded} ok · ${s.jobs.failed} failed · ${s.jobs.canceled} canceled`,
    },
    { id: 'halts', label: 'Active halts', value: s.halts.active, detail: `${s.halts.manual} manual · ${s.halts.circuitBreaker} circuit breaker` },
    { id: 'sse', label: 'Live price streams', value: s.sseConnections, detail: 'this server process' },
    {
      id: 'cache',
      label: 'Market cache hit ratio',
      value: ratio(s.marketCache.hitRatio),
      detail: `${s.marketCache.hits} hits · ${s.marketCache.misses} misses`,
    },
  ];
  return (
    <div className="space-y-2">
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
        {figures.map((f) => (
          <div key={f.id} className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800">
            <dt className="text-xs text-zinc-500">{f.label}</dt>
            <dd className="font-mono text-xl tabular-nums" data-testid={`stat-${f.id}`}>
              {f.value}
            </dd>
            {f.detail && <dd className="text-xs text-zinc-500">{f.detail}</dd>}
          </div>
        ))}
      </dl>
      <p className="text-xs text-zinc-500" role="status">
        {stats.isError ? (
          <span className="text-down">Could not refresh: {stats.error.message}</span>
        ) : (
          <>Updated {utcDateTime(s.generatedAt)}</>
        )}
      </p>
    </div>
  );
}
