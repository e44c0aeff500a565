import { IMPORT_LIMITS } from '@/contracts/tasks';
import { jobInputs } from '@/db/schema';
import type { Bus } from '@/server/infra/bus/types';
import type { Db } from '@/server/infra/db/types';
import { enqueueJob } from '@/server/services/jobs/enqueue';
import { announceJob, JOBS_QUEUED_TOPIC } from '@/server/services/jobs/topics';
import { readCsvText, type CsvSource } from './csv-text';
import { TASK_IMPORT_KIND } from './kind';
import { scanCsv } from './scan';


/**
 * Accepts a CSV of tasks for import: the whole file is checked up front (size, UTF-8, header, well-formed
 * CSV, row count — each a clear 4xx), then stored with a queued job in one transaction, so the job survives
 * a restart. Rows are validated and inserted by the job (`runTaskImport`).
 */
export async function startTaskImport(opts: {
  db: Db;
  bus?: Bus;
  ownerId: string;
  csv: CsvSource;
  limits?: typeof IMPORT_LIMITS;
}): Promise<{ jobId: string }> {
  const limits = opts.limits ?? IMPORT_LIMITS;
  const text = await readCsvText(opts.csv, limits.maxBytes);
  const total = await scanCsv(text, limits.maxRows);
  const job = await opts.db.transaction(async (tx) => {
    const job = await enqueueJob(tx, { ownerId: opts.ownerId, kind: TASK_IMPORT_KIND, total });
    await tx.insert(jobInputs).values({ jobId: job.id, content: text });
    return job;
  });
  if (opts.bus) await announceJob(opts.bus, JOBS_QUEUED_TOPIC, { id: job.id });
  return { jobId: job.id };
}
