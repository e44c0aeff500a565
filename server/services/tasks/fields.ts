import { z } from 'zod';
import { taskPriority, taskStatus } from '@/db/schema';
import { DATE_RANGE_MESSAGE, isStorableDate } from '@/server/validation';

/**
 * One definition of each task field, shared by the tRPC/REST inputs and the CSV importer so a row that
 * imports is exactly a task the API would have accepted.
 */
export const taskFields = {
  title: z.string().trim().min(1, 'Title is required').max(200, 'Title must be at most 200 characters'),
  description: z.string().trim().max(5000, 'Description must be at most 5000 characters'),
  status: z.enum(taskStatus.enumValues, { message: `Status must be one of ${taskStatus.enumValues.join(', ')}` }),
  priority: z.enum(taskPriority.enumValues, {
    message: `Priority must be one of ${taskPriority.enumValues.join(', ')}`,
  }),
  // Strict ISO 8601 (JS date parsing would take "1" as 2001); a time needs its offset, never server-local.
  dueAt: z
    .union([z.date(), z.iso.date(), z.iso.datetime({ offset: true })], {
      message: 'Due date must be an ISO 8601 date (2030-01-31) or date-time with offset (2030-01-31T09:00:00Z)',
    })
    .transform((value) => new Date(value))
    .refine(isStorableDate, DATE_RANGE_MESSAGE),
  assetSymbol: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9.\-]{1,20}$/, 'Asset symbol must be 1–20 letters, digits, dots or dashes'),
};

export const newTaskSchema = z.object({
  title: taskFields.title,
  description: taskFields.description.optional(),
  status: taskFields.status.optional(),
  priority: taskFields.priority.optional(),
  dueAt: taskFields.dueAt.nullish(),
  assetSymbol: taskFields.assetSymbol.nullish(),
});
export type NewTask = z.infer<typeof newTaskSchema>;

/** A partial update; `null` clears the due date or the asset. */
export const taskPatchSchema = newTaskSchema.partial();
export type TaskPatch = z.infer<typeof taskPatchSchema>;
