'use client';

import Link from 'next/link';
import { formatDue, PRIORITY_LABELS, STATUS_LABELS, TASK_STATUSES, type TaskStatusValue } from './task-query';
import type { TaskItem } from './types';

const PRIORITY_TONE: Record<TaskItem['priority'], string> = {
  high: 'border-rose-300 text-rose-800 dark:border-rose-800 dark:text-rose-300',
  medium: 'border-amber-300 text-amber-800 dark:border-amber-800 dark:text-amber-300',
  low: 'border-zinc-300 text-zinc-700 dark:border-zinc-700 dark:text-zinc-300',
};

/** Overdue means due before today (UTC) and not done. */
function isOverdue(task: TaskItem): boolean {
  if (!task.dueAt || task.status === 'done') return false;
  return new Date(task.dueAt).toISOString().slice(0, 10) < new Date().toISOString().slice(0, 10);
}

export interface TaskActions {
  onEdit: (task: TaskItem) => void;
  onDelete: (task: TaskItem) => void;
  /** Board cards move between columns with a select, so moving needs no drag and drop. */
  onMove?: (task: TaskItem, status: TaskStatusValue) => void;
  moving?: boolean;
}

/** One task: title, description, the facts as small labels, and its actions. */
export function TaskCard({ task, actions, variant }: { task: TaskItem; actions: TaskActions; variant: 'list' | 'board' }) {
  const overdue = isOverdue(task);
  // The list is wide enough for actions beside the text; board columns stack them.
  const layout = variant === 'list' ? 'sm:flex-row sm:items-start sm:justify-between' : '';
  return (
    <article
      aria-label={task.title}
      data-testid="task-card"
      className={`flex flex-col gap-2 rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-950 ${layout}`}
    >
      <div className="min-w-0 space-y-1">
        <h3 className="break-words font-medium">{task.title}</h3>
        {task.description && <p className="line-clamp-3 break-words text-sm text-zinc-600 dark:text-zinc-400">{task.description}</p>}
        <ul className="flex flex-wrap gap-1.5 text-xs" aria-label="Details">
          {variant === 'list' && (
            <li className="rounded border border-zinc-300 px-1.5 py-0.5 dark:border-zinc-700">{STATUS_LABELS[task.status]}</li>
          )}
          <li className={`rounded border px-1.5 py-0.5 ${PRIORITY_TONE[task.priority]}`}>{PRIORITY_LABELS[task.priority]} priority</li>
          <li
            className={`rounded border px-1.5 py-0.5 ${overdue ? 'border-rose-300 text-rose-800 dark:border-rose-800 dark:text-rose-300' : 'border-zinc-300 text-zinc-700 dark:border-zinc-700 dark:text-zinc-300'}`}
          >
            {task.dueAt ? `Due ${formatDue(task.dueAt)}` : formatDue(null)}
            {overdue && ' · overdue'}
          </li>
          {task.assetSymbol && (
            <li className="rounded border border-zinc-300 px-1.5 py-0.5 dark:border-zinc-700">
              <Link href={`/assets/${encodeURIComponent(task.assetSymbol)}`} className="underline">
                {task.assetSymbol}
              </Link>
            </li>
          )}
        </ul>
      </div>
      <div className="flex shrink-0 flex-wrap items-center gap-2 text-sm">
        {actions.onMove && (
          <label className="flex items-center gap-1">
            <span className="sr-only">Status of {task.title}</span>
            <select
              value={task.status}
              disabled={actions.moving}
              onChange={(e) => actions.onMove!(task, e.target.value as TaskStatusValue)}
              className="rounded border border-zinc-300 bg-transparent px-2 py-1 dark:border-zinc-700"
            >
              {TASK_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {STATUS_LABELS[s]}
                </option>
              ))}
            </select>
          </label>
        )}
        <button
          type="button"
          onClick={() => actions.onEdit(task)}
          className="rounded border border-zinc-300 px-2 py-1 dark:border-zinc-700"
        >
          Edit<span className="sr-only"> {task.title}</span>
        </button>
        <button
          type="button"
          onClick={() => actions.onDelete(task)}
          className="rounded border border-zinc-300 px-2 py-1 text-rose-700 dark:border-zinc-700 dark:text-rose-300"
        >
          Delete<span className="sr-only"> {task.title}</span>
        </button>
      </div>
    </article>
  );
}
