import { z } from 'zod';
import { idOf, pageInput, pageOf, timestamp } from './common';
import { JOB_STATUSES } from './enums';

export const jobIdInput = z.object({ id: idOf('job') });

export const listJobsInput = z.object(pageInput(20, 100)).default({ limit: 20 });

/** A row-level problem a job reports without failing (e.g. one bad CSV line). */
export const jobRowErrorSchema = z.object({ line: z.number().int(), message: z.string() });

/** A job as its owner sees it: what it is, how far it got, and what went wrong. */
export const jobSchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  status: z.enum(JOB_STATUSES),
  processed: z.number().int(),
  total: z.number().int().nullable(),
  errors: z.array(jobRowErrorSchema),
  errorCount: z.number().int(),
  result: z.record(z.string(), z.unknown()).nullable(),
  error: z.string().nullable(),
  attempts: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
  finishedAt: timestamp.nullable(),
});
export const jobPage = pageOf(jobSchema);
