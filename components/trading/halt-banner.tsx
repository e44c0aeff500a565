'use client';

import { useEffect, useState, type ComponentType } from 'react';
import { LocalTime } from '@/components/ui/local-time';
import type { HaltStatus } from '@/components/trpc/outputs';

/**
 * Says up front that a symbol is halted, why and until when — before anyone tries to trade it. The server's
 * status renders at once; the 15 s refresh (and the query library's hooks it needs) loads after first paint,
 * then renders the same notice, so nothing shifts and the asset page's first-load JS stays small.
 */
export function HaltBanner({ initial }: { initial: HaltStatus }) {
  const [Watch, setWatch] = useState<ComponentType<{ initial: HaltStatus }> | null>(null);
  useEffect(() => {
    let mounted = true;
    void import('./halt-watch').then((m) => mounted && setWatch(() => m.HaltWatch));
    return () => {
      mounted = false;
    };
  }, []);
  return Watch ? <Watch initial={initial} /> : <HaltNotice status={initial} />;
}

export function HaltNotice({ status }: { status: HaltStatus }) {
  if (!status.halted) return null;
  return (
    <div role="alert" data-testid="halt-banner" className="rounded-lg border border-amber-500 bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100">
      <strong>Trading in {status.symbol} is halted</strong>
      {status.source === 'circuit_breaker' ? ' by the volatility circuit breaker' : ''}: {status.reason}.{' '}
      {status.until ? (
        <>
          It resumes at <LocalTime at={status.until} />.
        </>
      ) : (
        'It resumes when an admin lifts the halt.'
      )}{' '}
      Resting orders wait; new orders are refused.
    </div>
  );
}
