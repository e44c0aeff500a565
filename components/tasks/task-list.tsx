'use client';

import { TaskCard, type TaskActions } from './task-card';
import type { TaskItem } from './types';

/** The list view: one task per row, in the chosen sort order. */
export function TaskList({ tasks, actions }: { tasks: TaskItem[]; actions: TaskActions }) {
  return (
    <ul className="space-y-2" data-testid="task-list">
      {tasks.map((task) => (
        <li key={task.id}>
          <TaskCard task={task} actions={{ ...actions, onMove: undefined }} variant="list" />
        </li>
      ))}
    </ul>
  );
}
