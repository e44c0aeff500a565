import { and, eq, gte, ilike, lte, or, sql, type SQL } from 'drizzle-orm';
import { taskPriority, tasks, type Task, type TaskPriority, type TaskStatus } from '@/db/schema';
import { AppError } from '@/server/errors';
import type { Db } from '@/server/infra/db/types';
import type { Actor } from './actor';
import { decodeCursor, encodeCursor, type CursorKey } from '@/server/services/pagination/keyset-cursor';
import { containsPattern } from '@/server/infra/db/contains-pattern';

export const TASK_SORTS = ['createdAt', 'dueAt', 'priority'] as const;
export type TaskSort = (typeof TASK_SORTS)[number];

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
function sortKey(sort: TaskSort, dir: 'asc' | 'desc'): { expr: SQL; type: SQL; key: CursorKey } {
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
      return { expr: sql`${tasks.priority}`, type: sql`task_priority`, key: taskPriority.enumValues };
  }
}

/**
 * One page of tasks. Keyset pagination on (sort key, id): rows inserted while a client pages never shift
 * the rows it has not seen yet, so each existing row comes exactly once.
 */
export async function listTasks(
  db: Db,
  actor: Actor,
  query: TaskListQuery,
): Promise<{ data: Task[]; nextCursor: string | null }> {
  if (query.all && actor.role !== 'admin') throw new AppError('FORBIDDEN', 'Only admins can list every task');
  const { expr, type, key } = sortKey(query.sort, query.dir);
  const cmp = query.dir === 'asc' ? sql`>` : sql`<`;
  const after = query.cursor ? decodeCursor(query.cursor, { sort: query.sort, dir: query.dir }, key) : null;
  const pattern = query.q ? containsPattern(query.q) : null;

  const rows = await db
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
        after ? sql`(${expr}, ${tasks.id}) ${cmp} (${after.key}::${type}, ${after.id}::uuid)` : undefined,
      ),
    )
    .orderBy(query.dir === 'asc' ? sql`${expr} asc, ${tasks.id} asc` : sql`${expr} desc, ${tasks.id} desc`)
    .limit(query.limit + 1);

  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > query.limit && last
      ? encodeCursor({ sort: query.sort, dir: query.dir, key: last.key, id: last.task.id })
      : null;
  return { data: page.map((r) => r.task), nextCursor };
}
