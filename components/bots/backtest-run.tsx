'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useState } from 'react';
import { useTRPC } from '@/components/trpc/react';
import { BacktestResult } from './backtest-result';

const FINAL = ['succeeded', 'failed', 'canceled'];

/**
 * A backtest from queued to result: progress pushed by `jobs.watch` (loading the candles is the first half,
 * running the strategy the second); when the stream cannot be opened, `backtests.get` is polled instead.
 * Once the job is over, `backtests.get` brings the result.
 */
export function BacktestRun({ id, jobId }: { id: string; jobId: string }) {
  const trpc = useTRPC();
  const [pushed, setPushed] = useState<{ status: string; processed: number; total: number | null }>();
  const pushedFinal = Boolean(pushed && FINAL.includes(pushed.status));
  const stream = useSubscription(trpc.jobs.watch.subscriptionOptions({ id: jobId }, { enabled: !pushedFinal, onData: setPushed }));
  const run = useQuery({
    ...trpc.backtests.get.queryOptions({ id }),
    enabled: pushedFinal || stream.status === 'error',
    staleTime: 0,
    refetchInterval: (query) => (query.state.data && FINAL.includes(query.state.data.status) ? false : 1_000),
  });
  const cancel = useMutation(trpc.backtests.cancel.mutationOptions());
  const done = run.data && FINAL.includes(run.data.status) ? run.data : null;
  const percent = done?.status === 'succeeded' ? 100 : pushed?.total ? Math.round((pushed.processed / pushed.total) * 100) : Math.round((run.data?.progress ?? 0) * 100);
  const status = done?.status ?? pushed?.status ?? 'queued';

  return (
    <div className="space-y-4" data-testid="backtest-run">
      <div className="space-y-2 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
        <div className="flex items-center justify-between gap-3 text-sm">
          <span role="status" aria-live="polite" data-testid="backtest-status">
            {status === 'queued'
              ? 'Waiting to start…'
              : status === 'running'
                ? `Running… ${percent} %`
                : status === 'succeeded'
                  ? 'Done.'
                  : status === 'canceled'
                    ? 'Canceled.'
                    : `Failed: ${done?.error ?? 'see the job'}`}
          </span>
          {!done && (
            <button
              type="button"
              onClick={() => cancel.mutate({ id })}
              disabled={cancel.isPending}
              className="rounded border border-zinc-300 px-2 py-1 dark:border-zinc-700"
            >
              Cancel backtest
            </button>
          )}
        </div>
        <div
          role="progressbar"
          aria-label="Backtest progress"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          className="h-3 w-full overflow-hidden rounded bg-zinc-200 dark:bg-zinc-800"
        >
          <div className="h-full bg-brand transition-[width]" style={{ width: `${percent}%` }} />
        </div>
        {(cancel.error ?? run.error) && (
          <p role="alert" className="text-sm text-down">
            {(cancel.error ?? run.error)!.message}
          </p>
        )}
      </div>
      {done?.status === 'succeeded' && <BacktestResult run={done} />}
    </div>
  );
}
