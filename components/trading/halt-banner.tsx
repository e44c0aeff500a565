'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/react';
import { LocalTime } from '@/components/ui/local-time';
import type { HaltStatus } from '@/components/trpc/outputs';

/** Says up front that a symbol is halted, why and until when — before anyone tries to trade it. */
export function HaltBanner({ initial }: { initial: HaltStatus }) {
  const trpc = useTRPC();
  const { data } = useQuery({ ...trpc.market.halt.queryOptions({ symbol: initial.symbol }), initialData: initial, refetchInterval: 15_000 });
  if (!data.halted) return null;
  return (
    <div role="alert" data-testid="halt-banner" className="rounded-lg border border-amber-500 bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100">
      <strong>Trading in {data.symbol} is halted</strong>
      {data.source === 'circuit_breaker' ? ' by the volatility circuit breaker' : ''}: {data.reason}.{' '}
      {data.until ? (
        <>
          It resumes at <LocalTime at={data.until} />.
        </>
      ) : (
        'It resumes when an admin lifts the halt.'
      )}{' '}
      Resting orders wait; new orders are refused.
    </div>
  );
}
