import { and, eq, type SQL } from 'drizzle-orm';
import { tasks, type Task } from '@/db/schema';
import { AppError } from '@/server/errors';
import type { Db } from '@/server/infra/db/types';
import type { Actor } from './actor';
import { assertTaskAsset } from './asset-link';
import type { NewTask, TaskPatch } from '@/contracts/tasks';

/** Another user's task answers exactly like a missing one, so ids leak nothing. */
const notFound = () => new AppError('NOT_FOUND', 'Task not found');

/** Admins may read any task; everything else is the owner's alone. */
function readableBy(actor: Actor, id: string): SQL | undefined {
  return actor.role === 'admin' ? eq(tasks.id, id) : and(eq(tasks.id, id), eq(tasks.ownerId, actor.id));
}

function ownedBy(actor: Actor, id: string): SQL | undefined {
  return and(eq(tasks.id, id), eq(tasks.ownerId, actor.id));
}

export async function createTask(db: Db, ownerId: string, input: NewTask): Promise<Task> {
  await assertTaskAsset(db, input.assetSymbol);
  const [task] = await db
    .insert(tasks)
    .values({ ...input, ownerId })
    .returning();
  return task!;
}

export async function getTask(db: Db, actor: Actor, id: string): Promise<Task> {
  const [task] = await db.select().from(tasks).where(readableBy(actor, id));
  if (!task) throw notFound();
  return task;
}

export async function updateTask(db: Db, actor: Actor, id: string, patch: TaskPatch): Promise<Task> {
  // A new due date deserves a new reminder.
  const reminder = patch.dueAt !== undefined ? { remindedAt: null } : {};
  await assertTaskAsset(db, patch.assetSymbol);
  if (Object.keys(patch).length === 0) {
    const [task] = await db.select().from(tasks).where(ownedBy(actor, id));
    if (!task) throw notFound();
    return task;
  }
  const [task] = await db
    .update(tasks)
    .set({ ...patch, ...reminder })
    .where(ownedBy(actor, id))
    .returning();
  if (!task) throw notFound();
  return task;
}

export async function deleteTask(db: Db, actor: Actor, id: string): Promise<{ id: string }> {
  const [row] = await db.delete(tasks).where(ownedBy(actor, id)).returning({ id: tasks.id });
  if (!row) throw notFound();
  return row;
}
