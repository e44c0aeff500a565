'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useEffect, useState } from 'react';
import { useTRPC } from '@/components/trpc/react';
import type { JobState } from './types';

type Progress = Pick<JobState, 'status' | 'processed' | 'total' | 'errorCount' | 'error'>;

const FINAL: Progress['status'][] = ['succeeded', 'failed', 'canceled'];
const isFinal = (p: Progress | undefined) => Boolean(p && FINAL.includes(p.status));
const count = new Intl.NumberFormat('en-US');

/** The further along of two readings of the same job (pushed and polled may arrive in any order). */
function latest(a: Progress | undefined, b: Progress | undefined): Progress | undefined {
  if (!a || !b) return a ?? b;
  if (isFinal(a) !== isFinal(b)) return isFinal(a) ? a : b;
  return b.processed > a.processed ? b : a;
}

/**
 * An import job's progress, pushed by `jobs.watch`; if the stream cannot be opened it falls back to polling
 * `jobs.get`. Once the job is over, `jobs.get` supplies the outcome: the count imported and the row errors
 * with their line numbers.
 */
export function ImportProgress({ jobId, onFinished }: { jobId: string; onFinished: (status: Progress['status']) => void }) {
  const trpc = useTRPC();
  const [pushed, setPushed] = useState<Progress>();
  const streamDone = isFinal(pushed);
  const stream = useSubscription(
    trpc.jobs.watch.subscriptionOptions({ id: jobId }, { enabled: !streamDone, onData: (p) => setPushed(p) }),
  );
  const polling = stream.status === 'error';
  const job = useQuery({
    ...trpc.jobs.get.queryOptions({ id: jobId }),
    enabled: polling || streamDone,
    staleTime: 0,
    refetchInterval: (query) => (isFinal(query.state.data) ? false : 1_000),
  });
  const current = latest(pushed, job.data);
  const done = isFinal(job.data);
  const status = done ? job.data!.status : undefined;

  useEffect(() => {
    if (status) onFinished(status);
  }, [status, onFinished]);

  const cancel = useMutation(trpc.jobs.cancel.mutationOptions());
  const processed = current?.processed ?? 0;
  const total = current?.total ?? null;
  const percent = total ? Math.round((processed / total) * 100) : 0;

  return (
    <div className="space-y-3" data-testid="import-progress">
      <div className="flex items-center justify-between gap-3 text-sm">
        <span role="status" aria-live="polite">
          {describe(current, done ? job.data : undefined)}
        </span>
        {!done && !isFinal(current) && (
          <button
            type="button"
            onClick={() => cancel.mutate({ id: jobId })}
            disabled={cancel.isPending}
            className="rounded border border-zinc-300 px-2 py-1 dark:border-zinc-700"
          >
            Cancel import
          </button>
        )}
      </div>
      <div
        role="progressbar"
        aria-label="Import progress"
        aria-valuemin={0}
        aria-valuemax={total ?? undefined}
        aria-valuenow={total === null ? undefined : processed}
        aria-valuetext={total === null ? 'Waiting to start' : `${count.format(processed)} of ${count.format(total)} rows`}
        className="h-3 w-full overflow-hidden rounded bg-zinc-200 dark:bg-zinc-800"
      >
        <div className="h-full bg-brand transition-[width]" style={{ width: `${percent}%` }} />
      </div>
      {cancel.error && (
        <p role="alert" className="text-sm text-down">
          {cancel.error.message}
        </p>
      )}
      {job.error && !current && (
        <p role="alert" className="text-sm text-down">
          Could not follow the import: {job.error.message}
        </p>
      )}
      {done && <ImportOutcome job={job.data!} />}
    </div>
  );
}

function describe(progress: Progress | undefined, final: JobState | undefined): string {
  if (final) {
    if (final.status === 'succeeded') {
      const imported = Number(final.result?.imported ?? 0);
      return `Done: imported ${count.format(imported)} ${imported === 1 ? 'task' : 'tasks'}.`;
    }
    if (final.status === 'canceled') return 'Import canceled; nothing was imported.';
    return `Import failed; nothing was imported. ${final.error ?? ''}`.trim();
  }
  if (!progress || progress.status === 'queued') return 'Waiting to start…';
  if (progress.total === null) return 'Importing…';
  return `Importing… ${count.format(progress.processed)} of ${count.format(progress.total)} rows`;
}

function ImportOutcome({ job }: { job: JobState }) {
  if (job.errorCount === 0) return null;
  return (
    <div className="space-y-2">
      <h3 className="text-sm font-medium">
        {job.errorCount === 1 ? '1 row was not imported' : `${count.format(job.errorCount)} rows were not imported`}
        {job.errors.length < job.errorCount && ` (showing the first ${count.format(job.errors.length)})`}
      </h3>
      {/* Focusable so keyboard users can scroll a long list. */}
      <div
        role="region"
        aria-label="Rows not imported"
        tabIndex={0}
        className="max-h-64 overflow-y-auto rounded border border-zinc-200 p-2 text-sm dark:border-zinc-800"
      >
        <ol data-testid="import-errors" className="space-y-1">
          {job.errors.map((e) => (
            <li key={e.line} data-line={e.line}>
              <span className="font-mono font-medium">Line {e.line}:</span> {e.message}
            </li>
          ))}
        </ol>
      </div>
    </div>
  );
}
