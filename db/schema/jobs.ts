import { index, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';
import { JOB_STATUSES } from '../../contracts/enums';

export const jobStatus = pgEnum('job_status', JOB_STATUSES);
export type JobStatus = (typeof jobStatus.enumValues)[number];

/** A row-level problem a job reports without failing (e.g. one bad CSV line). */
export interface JobRowError {
  line: number;
  message: string;
}

/**
 * Background work. A runner claims a row by taking its lease (`lockedBy` + `lockedUntil`); a lease that
 * runs out (crash, restart) makes the job claimable again. Handlers persist their checkpoint in
 * `processed`, in the same transaction as their effects, so a resumed job never repeats work.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    status: jobStatus('status').notNull().default('queued'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    processed: integer('processed').notNull().default(0),
    total: integer('total'),
    /** The first errors reported (capped); `errorCount` counts them all. */
    errors: jsonb('errors').$type<JobRowError[]>().notNull().default([]),
    errorCount: integer('error_count').notNull().default(0),
    result: jsonb('result').$type<Record<string, unknown>>(),
    /** Why the job failed (or the last attempt failed), in words a user can act on. */
    lastError: text('last_error'),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(3),
    runAfter: timestamp('run_after', { withTimezone: true }).notNull().defaultNow(),
    lockedBy: text('locked_by'),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    // Claiming scans queued work by due time and running work by lease expiry.
    index('jobs_claim_idx').on(t.status, t.runAfter),
    index('jobs_owner_created_idx').on(t.ownerId, t.createdAt, t.id),
  ],
);

/** A job's uploaded input (the CSV text), kept apart from `jobs` so polling never reads it. */
export const jobInputs = pgTable('job_inputs', {
  jobId: uuid('job_id')
    .primaryKey()
    .references(() => jobs.id, { onDelete: 'cascade' }),
  content: text('content').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export type Job = typeof jobs.$inferSelect;
