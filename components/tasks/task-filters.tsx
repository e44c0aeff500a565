'use client';

import { useEffect, useId, useState } from 'react';
import {
  EMPTY_FILTERS,
  hasActiveFilters,
  PRIORITY_LABELS,
  SORT_OPTIONS,
  STATUS_LABELS,
  TASK_PRIORITIES,
  TASK_STATUSES,
  type SortValue,
  type TaskFilters,
  type TaskPriorityValue,
  type TaskStatusValue,
} from './task-query';

const control =
  'w-full rounded border border-zinc-300 bg-transparent px-2 py-1.5 text-sm outline-none focus:border-brand focus:ring-2 focus:ring-brand/30 dark:border-zinc-700';

/** Typing settles for this long before the list is asked again. */
const TYPING_DELAY_MS = 300;

/**
 * Filters and sort. Choices apply at once; the two text fields apply when typing pauses or on Enter.
 */
export function TaskFiltersBar({ filters, onChange }: { filters: TaskFilters; onChange: (next: TaskFilters) => void }) {
  const id = useId();
  const [q, setQ] = useState(filters.q);
  const [asset, setAsset] = useState(filters.asset);

  useEffect(() => {
    if (q === filters.q && asset === filters.asset) return;
    const timer = setTimeout(() => onChange({ ...filters, q, asset }), TYPING_DELAY_MS);
    return () => clearTimeout(timer);
  }, [q, asset, filters, onChange]);

  const set = (patch: Partial<TaskFilters>) => onChange({ ...filters, q, asset, ...patch });

  return (
    <form
      role="search"
      aria-label="Filter tasks"
      onSubmit={(e) => {
        e.preventDefault();
        set({});
      }}
      className="grid grid-cols-2 gap-3 rounded-lg border border-zinc-200 p-3 dark:border-zinc-800 sm:grid-cols-4 lg:grid-cols-8"
    >
      <div className="col-span-2 text-sm">
        <label htmlFor={`${id}-q`} className="mb-1 block font-medium">
          Search
        </label>
        <input id={`${id}-q`} type="search" name="q" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Title or description" maxLength={200} className={control} />
      </div>
      <div className="text-sm">
        <label htmlFor={`${id}-status`} className="mb-1 block font-medium">
          Status
        </label>
        <select id={`${id}-status`} name="status" value={filters.status} onChange={(e) => set({ status: e.target.value as TaskStatusValue | '' })} className={control}>
          <option value="">Any</option>
          {TASK_STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </select>
      </div>
      <div className="text-sm">
        <label htmlFor={`${id}-priority`} className="mb-1 block font-medium">
          Priority
        </label>
        <select id={`${id}-priority`} name="priority" value={filters.priority} onChange={(e) => set({ priority: e.target.value as TaskPriorityValue | '' })} className={control}>
          <option value="">Any</option>
          {TASK_PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {PRIORITY_LABELS[p]}
            </option>
          ))}
        </select>
      </div>
      <div className="text-sm">
        <label htmlFor={`${id}-asset`} className="mb-1 block font-medium">
          Asset
        </label>
        <input id={`${id}-asset`} name="asset" value={asset} onChange={(e) => setAsset(e.target.value.toUpperCase())} placeholder="BTC" maxLength={15} className={control} />
      </div>
      <div className="text-sm">
        <label htmlFor={`${id}-dueAfter`} className="mb-1 block font-medium">
          Due from
        </label>
        <input id={`${id}-dueAfter`} type="date" name="dueAfter" value={filters.dueAfter} onChange={(e) => set({ dueAfter: e.target.value })} className={control} />
      </div>
      <div className="text-sm">
        <label htmlFor={`${id}-dueBefore`} className="mb-1 block font-medium">
          Due until
        </label>
        <input id={`${id}-dueBefore`} type="date" name="dueBefore" value={filters.dueBefore} onChange={(e) => set({ dueBefore: e.target.value })} className={control} />
      </div>
      <div className="text-sm">
        <label htmlFor={`${id}-sort`} className="mb-1 block font-medium">
          Sort by
        </label>
        <select id={`${id}-sort`} name="sort" value={filters.sort} onChange={(e) => set({ sort: e.target.value as SortValue })} className={control}>
          {SORT_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      <div className="col-span-2 flex items-end gap-2 sm:col-span-4 lg:col-span-8">
        <button type="submit" className="rounded border border-zinc-300 px-3 py-1.5 text-sm dark:border-zinc-700">
          Apply
        </button>
        {hasActiveFilters({ ...filters, q, asset }) && (
          <button
            type="button"
            onClick={() => {
              setQ('');
              setAsset('');
              onChange({ ...EMPTY_FILTERS, sort: filters.sort });
            }}
            className="rounded border border-zinc-300 px-3 py-1.5 text-sm dark:border-zinc-700"
          >
            Clear filters
          </button>
        )}
      </div>
    </form>
  );
}
