import { z } from 'zod';
import { taskPriority, taskStatus } from '@/db/schema';
import { newTaskSchema, taskFields, taskPatchSchema } from '@/server/services/tasks/fields';
import { TASK_SORTS } from '@/server/services/tasks/list';

/** Inputs of the tasks procedures; REST reuses these so both doors validate alike. */

export const taskIdInput = z.object({ id: z.uuid({ message: 'Not a task id' }) });

export const listTasksInput = z
  .object({
    /** Admins only: every user's tasks. */
    all: z.boolean().default(false),
    status: z.enum(taskStatus.enumValues).optional(),
    priority: z.enum(taskPriority.enumValues).optional(),
    assetSymbol: taskFields.assetSymbol.optional(),
    dueBefore: taskFields.dueAt.optional(),
    dueAfter: taskFields.dueAt.optional(),
    q: z.string().trim().min(1).max(200).optional(),
    sort: z.enum(TASK_SORTS).default('createdAt'),
    dir: z.enum(['asc', 'desc']).default('desc'),
    limit: z.number().int().min(1).max(100).default(50),
    cursor: z.string().max(1000).nullish(),
  })
  .default({ all: false, sort: 'createdAt', dir: 'desc', limit: 50 });
export type ListTasksInput = z.infer<typeof listTasksInput>;

export const createTaskInput = newTaskSchema;
export type CreateTaskInput = z.infer<typeof createTaskInput>;

export const updateTaskInput = taskPatchSchema.extend(taskIdInput.shape);
export type UpdateTaskInput = z.infer<typeof updateTaskInput>;

/**
 * Typed clients send the file's text; REST passes the uploaded bytes (text/csv or multipart) through the
 * server-side caller, so the encoding check sees what was actually sent.
 */
export const importTasksInput = z.object({ csv: z.union([z.string(), z.instanceof(Uint8Array)]) });
