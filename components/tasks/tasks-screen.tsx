'use client';

import { keepPreviousData, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTRPC } from '@/components/trpc/react';
import { Toasts, useToasts } from '@/components/ui/toasts';
import { ModalDialog } from './modal-dialog';
import { TaskBoard } from './task-board';
import type { TaskActions } from './task-card';
import { TaskFiltersBar } from './task-filters';
import { TaskForm } from './task-form';
import { TaskImport } from './task-import';
import { TaskList } from './task-list';
import {
  EMPTY_FILTERS,
  hasActiveFilters,
  STATUS_LABELS,
  taskSearchString,
  toListInput,
  type TaskFilters,
  type TaskView,
} from './task-query';
import type { TaskItem, TaskPage } from './types';

const VIEWS: { value: TaskView; label: string }[] = [
  { value: 'list', label: 'List' },
  { value: 'board', label: 'Board' },
];

/**
 * The Tasks screen: filters and view live in the URL (replaced in place, so reloading or sharing the
 * address shows the same tasks); pages come from `tasks.list` with its cursor; the first page was rendered
 * on the server.
 */
export function TasksScreen({
  initialPage,
  initialView,
  initialFilters,
}: {
  initialPage: TaskPage;
  initialView: TaskView;
  initialFilters: TaskFilters;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { toasts, push } = useToasts();
  const [view, setView] = useState(initialView);
  const [filters, setFilters] = useState(initialFilters);
  // Remounts the filter bar when filters are cleared from elsewhere, so its typed text clears too.
  const [filtersKey, setFiltersKey] = useState(0);
  const [editing, setEditing] = useState<TaskItem | 'new' | null>(null);
  const [deleting, setDeleting] = useState<TaskItem | null>(null);

  useEffect(() => {
    window.history.replaceState(null, '', `/tasks${taskSearchString(view, filters)}`);
  }, [view, filters]);

  const input = useMemo(() => toListInput(filters), [filters]);
  // The server rendered the first page for the filters in the address; reuse it rather than fetch it again.
  const isServed = taskSearchString('list', filters) === taskSearchString('list', initialFilters);
  const list = useInfiniteQuery(
    trpc.tasks.list.infiniteQueryOptions(input, {
      getNextPageParam: (page) => page.nextCursor,
      initialData: () => (isServed ? { pages: [initialPage], pageParams: [null] } : undefined),
      placeholderData: keepPreviousData,
    }),
  );
  const tasks = useMemo(() => list.data?.pages.flatMap((p) => p.data) ?? [], [list.data]);

  const refresh = useCallback(
    () => queryClient.invalidateQueries({ queryKey: trpc.tasks.list.pathKey() }),
    [queryClient, trpc],
  );
  const update = useMutation(
    trpc.tasks.update.mutationOptions({
      onSuccess: (task) => push('ok', `Moved “${task.title}” to ${STATUS_LABELS[task.status]}`),
      onError: (e) => push('error', e.message),
      onSettled: refresh,
    }),
  );
  const remove = useMutation(
    trpc.tasks.delete.mutationOptions({
      onSuccess: () => {
        push('ok', `Deleted “${deleting?.title ?? 'task'}”`);
        setDeleting(null);
      },
      onError: (e) => push('error', e.message),
      onSettled: refresh,
    }),
  );

  const actions: TaskActions = {
    onEdit: (task) => setEditing(task),
    onDelete: (task) => setDeleting(task),
    onMove: (task, status) => update.mutate({ id: task.id, status }),
    moving: update.isPending,
  };

  const onSaved = (task: TaskItem) => {
    push('ok', editing === 'new' ? `Created “${task.title}”` : `Saved “${task.title}”`);
    setEditing(null);
    void refresh();
  };

  const clearFilters = () => {
    setFilters({ ...EMPTY_FILTERS, sort: filters.sort });
    setFiltersKey((k) => k + 1);
  };

  return (
    <section className="space-y-4" aria-labelledby="tasks-title">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 id="tasks-title" className="text-2xl font-semibold">
          Tasks
        </h1>
        <div className="flex flex-wrap items-center gap-2">
          <div role="group" aria-label="View" className="inline-flex overflow-hidden rounded border border-zinc-300 text-sm dark:border-zinc-700">
            {VIEWS.map((v) => (
              <button
                key={v.value}
                type="button"
                aria-pressed={view === v.value}
                onClick={() => setView(v.value)}
                className={`px-3 py-1.5 ${view === v.value ? 'bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900' : ''}`}
              >
                {v.label}
              </button>
            ))}
          </div>
          <button type="button" onClick={() => setEditing('new')} className="rounded bg-brand px-4 py-1.5 text-sm font-medium text-white">
            New task
          </button>
        </div>
      </div>

      <TaskImport onImported={refresh} />

      <TaskFiltersBar key={filtersKey} filters={filters} onChange={setFilters} />

      <section aria-labelledby="task-results-heading" aria-busy={list.isFetching} className="space-y-3">
        <h2 id="task-results-heading" className="sr-only">
          {view === 'board' ? 'Task board' : 'Task list'}
        </h2>
        <TaskResults
          state={{
            loading: list.isPending,
            error: list.isError ? list.error.message : null,
            updating: list.isPlaceholderData,
            hasMore: list.hasNextPage,
            loadingMore: list.isFetchingNextPage,
            loadMoreFailed: list.isFetchNextPageError,
          }}
          onRetry={() => void list.refetch()}
          onLoadMore={() => void list.fetchNextPage()}
          tasks={tasks}
          view={view}
          actions={actions}
          filtered={hasActiveFilters(filters)}
          onClearFilters={clearFilters}
          onCreate={() => setEditing('new')}
        />
      </section>

      {editing && (
        <ModalDialog title={editing === 'new' ? 'New task' : 'Edit task'} onClose={() => setEditing(null)}>
          <TaskForm task={editing === 'new' ? undefined : editing} onSaved={onSaved} onCancel={() => setEditing(null)} />
        </ModalDialog>
      )}
      {deleting && (
        <ModalDialog title="Delete task?" onClose={() => setDeleting(null)}>
          <p className="text-sm">
            “{deleting.title}” will be deleted for good.
          </p>
          <div className="flex justify-end gap-2">
            <button type="button" onClick={() => setDeleting(null)} className="rounded border border-zinc-300 px-4 py-2 dark:border-zinc-700">
              Keep it
            </button>
            <button
              type="button"
              disabled={remove.isPending}
              onClick={() => remove.mutate({ id: deleting.id })}
              className="rounded bg-rose-700 px-4 py-2 font-medium text-white disabled:opacity-60"
            >
              {remove.isPending ? 'Deleting…' : 'Delete task'}
            </button>
          </div>
        </ModalDialog>
      )}
      <Toasts toasts={toasts} />
    </section>
  );
}

interface ResultsState {
  loading: boolean;
  error: string | null;
  /** Showing the previous filters' tasks while the new ones load. */
  updating: boolean;
  hasMore: boolean;
  loadingMore: boolean;
  loadMoreFailed: boolean;
}

/** Loading, error and empty states, then the tasks in the chosen view and "Load more". */
function TaskResults({
  state,
  onRetry,
  onLoadMore,
  tasks,
  view,
  actions,
  filtered,
  onClearFilters,
  onCreate,
}: {
  state: ResultsState;
  onRetry: () => void;
  onLoadMore: () => void;
  tasks: TaskItem[];
  view: TaskView;
  actions: TaskActions;
  filtered: boolean;
  onClearFilters: () => void;
  onCreate: () => void;
}) {
  const button = 'rounded border border-zinc-300 px-3 py-1.5 text-sm dark:border-zinc-700';
  if (state.loading) {
    return (
      <p role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
        Loading tasks…
      </p>
    );
  }
  if (state.error !== null && tasks.length === 0) {
    return (
      <div role="alert" className="space-y-2 rounded-lg border border-rose-300 p-4 text-sm dark:border-rose-800">
        <p>Could not load tasks: {state.error}</p>
        <button type="button" onClick={onRetry} className={button}>
          Try again
        </button>
      </div>
    );
  }
  if (tasks.length === 0) {
    return (
      <div className="space-y-2 rounded-lg border border-dashed border-zinc-300 p-6 text-center text-sm dark:border-zinc-700">
        {filtered ? (
          <>
            <p>No tasks match these filters.</p>
            <button type="button" onClick={onClearFilters} className={button}>
              Clear filters
            </button>
          </>
        ) : (
          <>
            <p>No tasks yet. Create one, or import a CSV file.</p>
            <button type="button" onClick={onCreate} className={button}>
              Create a task
            </button>
          </>
        )}
      </div>
    );
  }
  return (
    <>
      <p role="status" className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="task-count">
        {state.updating
          ? 'Updating…'
          : `Showing ${tasks.length} ${tasks.length === 1 ? 'task' : 'tasks'}${state.hasMore ? ' (more to load)' : ''}`}
      </p>
      {view === 'board' ? <TaskBoard tasks={tasks} actions={actions} /> : <TaskList tasks={tasks} actions={actions} />}
      {state.loadMoreFailed && (
        <p role="alert" className="text-sm text-down">
          Could not load more tasks: {state.error}
        </p>
      )}
      {state.hasMore && (
        <button type="button" onClick={onLoadMore} disabled={state.loadingMore} className={`${button} w-full`}>
          {state.loadingMore ? 'Loading…' : 'Load more'}
        </button>
      )}
    </>
  );
}
