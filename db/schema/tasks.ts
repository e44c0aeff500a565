import { sql } from 'drizzle-orm';
import { index, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { jobs } from './jobs';
import { users } from './users';
import { TASK_PRIORITIES, TASK_STATUSES } from '../../contracts/enums';

export const taskStatus = pgEnum('task_status', TASK_STATUSES);
export type TaskStatus = (typeof taskStatus.enumValues)[number];

export const taskPriority = pgEnum('task_priority', TASK_PRIORITIES);
export type TaskPriority = (typeof taskPriority.enumValues)[number];

export const tasks = pgTable(
  'tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    status: taskStatus('status').notNull().default('todo'),
    priority: taskPriority('priority').notNull().default('medium'),
    dueAt: timestamp('due_at', { withTimezone: true }),
    /** Upper-cased ticker; plain text so a task may name an asset the catalogue does not list (yet). */
    assetSymbol: text('asset_symbol'),
    /** Set when the due-date reminder went out; cleared when `dueAt` changes. */
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    /** The import that created the task: lets a failed import take back exactly its rows. */
    importJobId: uuid('import_job_id').references(() => jobs.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (t) => [
    // Per-owner pages and filters, ending in id where they serve keyset pages. Text search (ilike) has no
    // index of its own: it always runs within one owner's tasks, which these narrow down first.
    index('tasks_owner_created_idx').on(t.ownerId, t.createdAt, t.id),
    index('tasks_owner_due_idx').on(t.ownerId, t.dueAt, t.id),
    index('tasks_owner_priority_idx').on(t.ownerId, t.priority, t.id),
    index('tasks_owner_status_idx').on(t.ownerId, t.status),
    index('tasks_owner_asset_idx').on(t.ownerId, t.assetSymbol),
    index('tasks_created_idx').on(t.createdAt, t.id),
    index('tasks_import_job_idx').on(t.importJobId),
    // The reminder sweep: open tasks with a due date whose reminder has not gone out.
    index('tasks_reminder_due_idx')
      .on(t.dueAt)
      .where(sql`${t.remindedAt} is null and ${t.status} <> 'done'`),
  ],
);

export type Task = typeof tasks.$inferSelect;
