import type { Task } from '@/db/schema';

/** A task as clients see it (bookkeeping such as the import it came from stays inside). */
export function toTaskView(t: Task) {
  return {
    id: t.id,
    ownerId: t.ownerId,
    title: t.title,
    description: t.description,
    status: t.status,
    priority: t.priority,
    dueAt: t.dueAt,
    assetSymbol: t.assetSymbol,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
  };
}
export type TaskView = ReturnType<typeof toTaskView>;
