import { z } from 'zod';
import { DATE_RANGE_MESSAGE, idOf, isStorableDate, pageOf, symbolSchema, timestamp } from './common';
import { TASK_PRIORITIES, TASK_STATUSES } from './enums';

/**
 * One definition of each task field, shared by the tRPC/REST inputs, the task form and the CSV importer, so
 * a row that imports is exactly a task the API would have accepted.
 */
export const taskFields = {
  title: z.string().trim().min(1, 'Title is required').max(200, 'Title must be at most 200 characters'),
  description: z.string().trim().max(5000, 'Description must be at most 5000 characters'),
  status: z.enum(TASK_STATUSES, { message: `Status must be one of ${TASK_STATUSES.join(', ')}` }),
  priority: z.enum(TASK_PRIORITIES, { message: `Priority must be one of ${TASK_PRIORITIES.join(', ')}` }),
  // Strict ISO 8601 (JS date parsing would take "1" as 2001); a time needs its offset, never server-local.
  dueAt: z
    .union([z.date(), z.iso.date(), z.iso.datetime({ offset: true })], {
      message: 'Due date must be an ISO 8601 date (2030-01-31) or date-time with offset (2030-01-31T09:00:00Z)',
    })
    .transform((value) => new Date(value))
    .refine(isStorableDate, DATE_RANGE_MESSAGE),
  assetSymbol: symbolSchema,
};

export const createTaskInput = z.object({
  title: taskFields.title,
  description: taskFields.description.optional(),
  status: taskFields.status.optional(),
  priority: taskFields.priority.optional(),
  dueAt: taskFields.dueAt.nullish(),
  assetSymbol: taskFields.assetSymbol.nullish(),
});
export type NewTask = z.infer<typeof createTaskInput>;

/** A partial update; `null` clears the due date or the asset. */
export const taskPatchSchema = createTaskInput.partial();
export type TaskPatch = z.infer<typeof taskPatchSchema>;

export const taskIdInput = z.object({ id: idOf('task') });

export const updateTaskInput = taskPatchSchema.extend(taskIdInput.shape);
export type UpdateTaskInput = z.infer<typeof updateTaskInput>;

export const TASK_SORTS = ['createdAt', 'dueAt', 'priority'] as const;
export type TaskSort = (typeof TASK_SORTS)[number];

export const listTasksInput = z
  .object({
    /** Admins only: every user's tasks. */
    all: z.boolean().default(false),
    status: taskFields.status.optional(),
    priority: taskFields.priority.optional(),
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

/**
 * Typed clients send the file's text; REST passes the uploaded bytes (text/csv or multipart) through the
 * server-side caller, so the encoding check sees what was actually sent.
 */
/** The largest CSV file and the most rows one import takes. */
export const IMPORT_LIMITS = { maxBytes: 10 * 1024 * 1024, maxRows: 100_000 };

export const importTasksInput = z.object({ csv: z.union([z.string(), z.instanceof(Uint8Array)]) });

/** A task as clients see it (bookkeeping such as the import it came from stays inside). */
export const taskSchema = z.object({
  id: z.uuid(),
  ownerId: z.uuid(),
  title: z.string(),
  description: z.string(),
  status: z.enum(TASK_STATUSES),
  priority: z.enum(TASK_PRIORITIES),
  dueAt: timestamp.nullable(),
  assetSymbol: z.string().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type TaskView = z.infer<typeof taskSchema>;
export const taskPage = pageOf(taskSchema);
export const deletedTaskSchema = z.object({ id: z.uuid() });
export const importStartedSchema = z.object({ jobId: z.uuid() });
