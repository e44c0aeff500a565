import { and, eq, gt, isNotNull, isNull, lte, ne, sql } from 'drizzle-orm';
import { notifications, tasks } from '@/db/schema';
import type { Infra } from '@/server/infra/infra';
import { createNotification } from './notifications';

/** Overdue reminders look back this far: a task long overdue before reminders ran is not announced now. */
const OVERDUE_LOOKBACK_MS = 24 * 3_600_000;

const dueSoonKey = (id: string, dueAt: Date) => `task:${id}:due-soon:${dueAt.getTime()}`;
const overdueKey = (id: string, dueAt: Date) => `task:${id}:overdue:${dueAt.getTime()}`;

/**
 * One sweep: a "due soon" notification for each open task due within `leadMs`, and an "overdue" one for each
 * open task whose due time has passed — each exactly once per due time. The dedupe key (task, kind, due
 * time) is what makes it exactly once: a repeated sweep, a restart or a second instance writes nothing new,
 * and moving the due date gives a new key. `remindedAt` marks the due-soon reminder (it is cleared when the
 * due date changes), so the sweep reads only tasks not yet reminded through its partial index.
 */
export async function sendTaskReminders(deps: Pick<Infra, 'db' | 'bus' | 'clock'>, leadMs: number): Promise<{ dueSoon: number; overdue: number }> {
  const now = new Date(deps.clock());
  const dueSoon = await deps.db
    .select({ id: tasks.id, ownerId: tasks.ownerId, title: tasks.title, dueAt: tasks.dueAt })
    .from(tasks)
    .where(and(isNull(tasks.remindedAt), ne(tasks.status, 'done'), isNotNull(tasks.dueAt), gt(tasks.dueAt, now), lte(tasks.dueAt, new Date(now.getTime() + leadMs))))
    .limit(1000);
  for (const task of dueSoon) {
    await createNotification(deps, {
      userId: task.ownerId,
      kind: 'task_reminder',
      title: `Due soon: ${task.title}`,
      body: `Due at ${task.dueAt!.toISOString()}`,
      data: { taskId: task.id, dueAt: task.dueAt!.toISOString(), reminder: 'due_soon' },
      dedupeKey: dueSoonKey(task.id, task.dueAt!),
      email: true,
    });
    await deps.db
      .update(tasks)
      .set({ remindedAt: now })
      .where(and(eq(tasks.id, task.id), eq(tasks.dueAt, task.dueAt!)));
  }
  const overdue = await deps.db
    .select({ id: tasks.id, ownerId: tasks.ownerId, title: tasks.title, dueAt: tasks.dueAt })
    .from(tasks)
    .where(
      and(
        ne(tasks.status, 'done'),
        isNotNull(tasks.dueAt),
        lte(tasks.dueAt, now),
        gt(tasks.dueAt, new Date(now.getTime() - OVERDUE_LOOKBACK_MS)),
        sql`not exists (select 1 from ${notifications} n where n.user_id = ${tasks.ownerId} and n.dedupe_key = 'task:' || ${tasks.id} || ':overdue:' || (extract(epoch from ${tasks.dueAt}) * 1000)::bigint)`,
      ),
    )
    .limit(1000);
  for (const task of overdue) {
    await createNotification(deps, {
      userId: task.ownerId,
      kind: 'task_reminder',
      title: `Overdue: ${task.title}`,
      body: `Was due at ${task.dueAt!.toISOString()}`,
      data: { taskId: task.id, dueAt: task.dueAt!.toISOString(), reminder: 'overdue' },
      dedupeKey: overdueKey(task.id, task.dueAt!),
      email: true,
    });
  }
  return { dueSoon: dueSoon.length, overdue: overdue.length };
}

/** The sweep on a timer (the worker runs it under the `task-reminders` lease). */
export function startTaskReminders(deps: Pick<Infra, 'db' | 'bus' | 'clock' | 'logger'>, leadMs: number, everyMs = 30_000) {
  let sweeping: Promise<unknown> = Promise.resolve();
  const sweep = () => {
    sweeping = sendTaskReminders(deps, leadMs).catch((error: unknown) => deps.logger.error({ err: error }, 'task reminder sweep failed'));
  };
  sweep();
  const timer = setInterval(sweep, everyMs);
  return {
    async stop() {
      clearInterval(timer);
      await sweeping;
    },
  };
}
