import { z } from 'zod';

export const jobIdInput = z.object({ id: z.uuid({ message: 'Not a job id' }) });

export const listJobsInput = z
  .object({
    limit: z.number().int().min(1).max(100).default(20),
    cursor: z.string().max(1000).optional(),
  })
  .default({ limit: 20 });
