import { and, eq, gte, ilike, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Page } from '@/contracts/common';
import { TASK_PRIORITIES, type TaskPriority, type TaskStatus } from '@/contracts/enums';
import type { TaskSort } from '@/contracts/tasks';
import { tasks, type Task } from '@/db/schema';
import { AppError } from '@/server/errors';
import { containsPattern } from '@/server/infra/db/contains-pattern';
import type { Db } from '@/server/infra/db/types';
import type { KeyPart } from '@/server/services/pagination/cursor';
import { mapPage, paginate } from '@/server/services/pagination/paginate';
import type { Actor } from './actor';

export interface TaskListQuery {
  /** Admins only: everyone's tasks. */
  all?: boolean;
  status?: TaskStatus;
  priority?: TaskPriority;
  assetSymbol?: string;
  dueBefore?: Date;
  dueAfter?: Date;
  q?: string;
  sort: TaskSort;
  dir: 'asc' | 'desc';
  limit: number;
  cursor?: string | null;
}

/**
 * The key each sort pages on, with the Postgres type its cursor text is read back as. Tasks without a due
 * date come last in both directions (an infinity stands in for them), so a null never breaks the keyset.
 */
function sortKey(sort: TaskSort, dir: 'asc' | 'desc'): { expr: SQL; type: SQL; key: KeyPart } {
  switch (sort) {
    case 'createdAt':
      return { expr: sql`${tasks.createdAt}`, type: sql`timestamptz`, key: 'timestamptz' };
    case 'dueAt':
      return {
        expr: dir === 'asc' ? sql`coalesce(${tasks.dueAt}, 'infinity')` : sql`coalesce(${tasks.dueAt}, '-infinity')`,
        type: sql`timestamptz`,
        key: 'timestamptz',
      };
    case 'priority':
      return { expr: sql`${tasks.priority}`, type: sql`task_priority`, key: TASK_PRIORITIES };
  }
}

/**
 * One page of tasks. Keyset pagination on (sort key, id): rows inserted while a client pages never shift
 * the rows it has not seen yet, so each existing row comes exactly once.
 */
export async function listTasks(db: Db, actor: Actor, query: TaskListQuery): Promise<Page<Task>> {
  if (query.all && actor.role !== 'admin') throw new AppError('FORBIDDEN', 'Only admins can list every task');
  const { expr, type, key } = sortKey(query.sort, query.dir);
  const cmp = query.dir === 'asc' ? sql`>` : sql`<`;
  const pattern = query.q ? containsPattern(query.q) : null;
  const order = { list: 'tasks', sort: query.sort, dir: query.dir, key: [key, 'uuid'] } as const;

  const page = await paginate(
    query,
    order,
    (after, take) =>
      db
        .select({ task: tasks, key: sql<string>`(${expr})::text` })
        .from(tasks)
        .where(
          and(
            query.all ? undefined : eq(tasks.ownerId, actor.id),
            query.status ? eq(tasks.status, query.status) : undefined,
            query.priority ? eq(tasks.priority, query.priority) : undefined,
            query.assetSymbol ? eq(tasks.assetSymbol, query.assetSymbol) : undefined,
            query.dueBefore ? lte(tasks.dueAt, query.dueBefore) : undefined,
            query.dueAfter ? gte(tasks.dueAt, query.dueAfter) : undefined,
            pattern ? or(ilike(tasks.title, pattern), ilike(tasks.description, pattern)) : undefined,
            after ? sql`(${expr}, ${tasks.id}) ${cmp} (${after[0]}::${type}, ${after[1]}::uuid)` : undefined,
          ),
        )
        .orderBy(query.dir === 'asc' ? sql`${expr} asc, ${tasks.id} asc` : sql`${expr} desc, ${tasks.id} desc`)
        .limit(take),
    (row) => [row.key, row.task.id],
  );
  return mapPage(page, (row) => row.task);
}
