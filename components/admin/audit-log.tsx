'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { useState } from 'react';
import { useTRPC } from '@/components/trpc/react';
import { utcDateTime } from '@/components/ui/format';
import { AUDIT_ACTIONS, auditActionSchema, type AuditAction } from '@/contracts/audit';
import type { AppRouter } from '@/server/api/root';

type AuditPage = inferRouterOutputs<AppRouter>['admin']['audit']['list'];

const PAGE_SIZE = 25;

const inputClass =
  'h-10 w-full rounded border border-zinc-300 bg-transparent px-3 text-sm outline-none focus:border-brand focus:ring-2 focus:ring-brand/30 dark:border-zinc-700 dark:bg-zinc-950';

function detailsText(details: Record<string, unknown>): string {
  const entries = Object.entries(details).filter(([, v]) => v !== null && v !== undefined);
  return entries.map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' · ');
}

/** The audit log, newest first, filtered by action and actor; more rows load on request. */
export function AuditLog({ initial }: { initial: AuditPage }) {
  const trpc = useTRPC();
  const [filters, setFilters] = useState<{ action?: AuditAction; actor?: string }>({});
  const unfiltered = !filters.action && !filters.actor;
  const log = useInfiniteQuery({
    ...trpc.admin.audit.list.infiniteQueryOptions(
      { limit: PAGE_SIZE, ...filters },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
    // The server rendered the first unfiltered page; filtered views load their own.
    ...(unfiltered ? { initialData: { pages: [initial], pageParams: [] as (string | null)[] } } : {}),
    refetchInterval: 15_000,
  });
  const rows = log.data?.pages.flatMap((p) => p.data) ?? [];

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const action = auditActionSchema.safeParse(form.get('action')).data;
    const actor = String(form.get('actor') ?? '').trim();
    setFilters({ ...(action ? { action } : {}), ...(actor ? { actor } : {}) });
  }

  return (
    <div className="space-y-3">
      <form onSubmit={onSubmit} className="grid gap-3 sm:grid-cols-[14rem_1fr_auto_auto] sm:items-end" aria-label="Filter the audit log">
        <label className="block text-sm">
          <span className="mb-1 block font-medium">Action</span>
          <select name="action" defaultValue="" className={inputClass}>
            <option value="">All actions</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label className="block text-sm">
          <span className="mb-1 block font-medium">Actor</span>
          <input name="actor" placeholder="email or user id" autoComplete="off" className={inputClass} />
        </label>
        <button type="submit" className="rounded bg-brand px-4 py-2 text-sm font-medium text-white">
          Filter
        </button>
        <button
          type="reset"
          onClick={() => setFilters({})}
          className="rounded border border-zinc-300 px-4 py-2 text-sm dark:border-zinc-700"
        >
          Clear
        </button>
      </form>
      {log.isError && (
        <p role="alert" className="text-sm text-down">
          Could not load the audit log: {log.error.message}
        </p>
      )}
      {log.isPending ? (
        <p role="status" className="text-sm text-zinc-500">
          Loading…
        </p>
      ) : rows.length === 0 ? (
        <p className="text-sm text-zinc-500">{unfiltered ? 'Nothing has been audited yet.' : 'No entries match these filters.'}</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
          <table className="w-full text-left text-sm" data-testid="audit-table">
            <caption className="sr-only">Audit log, newest first</caption>
            <thead className="bg-zinc-50 text-zinc-500 dark:bg-zinc-900">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">Time</th>
                <th scope="col" className="px-3 py-2 font-medium">Action</th>
                <th scope="col" className="px-3 py-2 font-medium">Target</th>
                <th scope="col" className="px-3 py-2 font-medium">Actor</th>
                <th scope="col" className="px-3 py-2 font-medium">Details</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((e) => (
                <tr key={e.id} className="border-t border-zinc-200 align-top dark:border-zinc-800">
                  <td className="whitespace-nowrap px-3 py-2 text-zinc-500">{utcDateTime(e.createdAt)}</td>
                  <td className="whitespace-nowrap px-3 py-2 font-mono">{e.action}</td>
                  <td className="whitespace-nowrap px-3 py-2">
                    <span className="text-zinc-500">{e.targetType}</span> {e.targetId}
                  </td>
                  <td className="px-3 py-2">{e.actor ? e.actor.email : <span className="text-zinc-500">system</span>}</td>
                  <td className="px-3 py-2 text-zinc-500">{detailsText(e.details) || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {log.hasNextPage && (
        <button
          type="button"
          onClick={() => void log.fetchNextPage()}
          disabled={log.isFetchingNextPage}
          className="rounded border border-zinc-300 px-3 py-1.5 text-sm disabled:opacity-50 dark:border-zinc-700"
        >
          {log.isFetchingNextPage ? 'Loading…' : 'Load older entries'}
        </button>
      )}
    </div>
  );
}
