'use client';

import { TaskCard, type TaskActions } from './task-card';
import { STATUS_LABELS, TASK_STATUSES } from './task-query';
import type { TaskItem } from './types';

/**
 * The board view: a column per status holding the tasks loaded so far (same filters and order as the
 * list). Each card's status select moves it to another column.
 */
export function TaskBoard({ tasks, actions }: { tasks: TaskItem[]; actions: TaskActions }) {
  return (
    <div className="grid gap-3 md:grid-cols-3" data-testid="task-board">
      {TASK_STATUSES.map((status) => {
        const column = tasks.filter((t) => t.status === status);
        const headingId = `board-column-${status}`;
        return (
          <section
            key={status}
            aria-labelledby={headingId}
            data-testid={`board-column-${status}`}
            className="space-y-2 rounded-lg bg-zinc-50 p-3 dark:bg-zinc-900"
          >
            <h3 id={headingId} className="flex items-center justify-between text-sm font-semibold">
              {STATUS_LABELS[status]}
              <span className="rounded-full bg-zinc-200 px-2 text-xs font-medium dark:bg-zinc-800">{column.length}</span>
            </h3>
            {column.length === 0 ? (
              <p className="text-sm text-zinc-600 dark:text-zinc-400">Nothing here.</p>
            ) : (
              <ul className="space-y-2">
                {column.map((task) => (
                  <li key={task.id}>
                    <TaskCard task={task} actions={actions} variant="board" />
                  </li>
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </div>
  );
}
