'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/react';

/** My plan and how much of its quotas I use. */
export function PlanCard() {
  const trpc = useTRPC();
  const { data } = useQuery(trpc.auth.profile.queryOptions());
  if (!data) return null;
  const rows = [
    { label: 'API keys', used: data.usage.apiKeys, max: data.limits.quotas.apiKeys },
    { label: 'Bots', used: data.usage.bots, max: data.limits.quotas.bots },
  ];
  return (
    <div className="space-y-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
      <h2 className="text-lg font-medium">
        Plan: <span className="capitalize">{data.plan}</span>
      </h2>
      <ul className="space-y-2 text-sm">
        {rows.map((r) => (
          <li key={r.label}>
            <div className="flex justify-between">
              <span>{r.label}</span>
              <span>
                {r.used} of {r.max}
              </span>
            </div>
            <progress className="w-full" value={r.used} max={r.max} aria-label={`${r.label} used`} />
          </li>
        ))}
      </ul>
      <p className="text-xs text-zinc-500">
        Also: {data.limits.quotas.alerts} alerts, {data.limits.quotas.webhooks} webhooks, backtests over {data.limits.backtestRangeDays} days,
        sweeps of {data.limits.sweepSize}, rate limits ×{data.limits.rateLimitMultiplier.read}. An admin changes plans.
      </p>
    </div>
  );
}
