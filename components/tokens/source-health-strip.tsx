'use client';

import { useQuery } from '@tanstack/react-query';
import type { TokenSourceHealth } from '@/contracts/tokens';
import { useTRPC } from '@/components/trpc/react';
import { formatAge, SOURCE_LABELS } from './token-format';
import { useNow } from './use-live-tokens';

const STATE = {
  closed: { label: 'healthy', dot: 'bg-emerald-500' },
  half_open: { label: 'probing', dot: 'bg-amber-500' },
  open: { label: 'circuit open', dot: 'bg-red-500' },
} as const;

/** Each upstream's breaker state, last success and error, and rate budget use, refreshed every 10 s. */
export function SourceHealthStrip({ initial }: { initial: TokenSourceHealth[] }) {
  const trpc = useTRPC();
  const health = useQuery({ ...trpc.tokens.sources.queryOptions(), initialData: { data: initial }, refetchInterval: 10_000 });
  const now = useNow(5_000);
  if (health.data.data.length === 0) return null;
  return (
    <ul aria-label="Source health" className="flex flex-wrap gap-2 text-xs">
      {health.data.data.map((s) => (
        <li
          key={s.name}
          data-testid={`health-${s.name}`}
          data-state={s.state}
          className="flex min-w-56 flex-col gap-0.5 rounded-lg border border-zinc-200 px-3 py-2 dark:border-zinc-800"
        >
          <span className="flex items-center gap-1.5 font-medium">
            <span aria-hidden className={`size-2 rounded-full ${STATE[s.state].dot}`} />
            {SOURCE_LABELS[s.name]} <span className="font-normal text-zinc-500">{STATE[s.state].label}</span>
          </span>
          <span className="text-zinc-500">
            last success{' '}
            {s.lastSuccessAt === null ? 'never' : now === null ? s.lastSuccessAt.slice(11, 19) : `${formatAge(now - Date.parse(s.lastSuccessAt))} ago`} · budget{' '}
            {s.usedPerMinute}/{s.limitPerMinute} a min
          </span>
          {s.lastError && (
            <span className="truncate text-red-600 dark:text-red-400" title={s.lastError}>
              {s.lastError}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}
