import { count, eq } from 'drizzle-orm';
import { jobInputs, tasks, type JobRowError } from '@/db/schema';
import { AppError } from '@/server/errors';
import { JobFailure, type JobHandler } from '@/server/services/jobs/job-run';
import { csvRecords, CsvSyntaxError } from './csv-records';
import { catalogueSymbols } from '../asset-link';
import { insertImportedTasks } from './insert-rows';
import { parseRow, readHeader, type CsvColumn, type ImportRow } from './rows';

/** Rows per transaction: enough to keep 50k rows quick, few enough not to hold PGlite's one connection long. */
export const IMPORT_BATCH_ROWS = 1000;

/**
 * The `tasks.import` job. Streams the stored CSV; each batch of valid rows is inserted in the same
 * transaction that moves the checkpoint (`processed`) and records the batch's invalid lines, so a resumed
 * attempt skips exactly what was committed. If the job fails for good, `undo` deletes what it imported.
 */
export const taskImportHandler: JobHandler = {
  async run(run) {
    const { job, db } = run;
    const [input] = await db.select().from(jobInputs).where(eq(jobInputs.jobId, job.id));
    if (!input) throw new JobFailure('The uploaded file is no longer available; upload it again');

    const symbols = await catalogueSymbols(db);
    let header: CsvColumn[] | null = null;
    let index = 0;
    let committed = job.processed;
    let batch: ImportRow[] = [];
    let errors: JobRowError[] = [];
    const flush = async () => {
      const rows = batch;
      await run.commit({ processed: index, errors }, (tx) => insertImportedTasks(tx, rows, job.ownerId, job.id));
      committed = index;
      batch = [];
      errors = [];
    };

    try {
      for await (const record of csvRecords(input.content)) {
        if (!header) {
          header = readHeader(record.fields);
          continue;
        }
        if (++index <= job.processed) continue;
        const parsed = parseRow(header, record.fields, symbols);
        if (parsed.ok) batch.push(parsed.row);
        else errors.push({ line: record.line, message: parsed.message });
        if (index - committed >= IMPORT_BATCH_ROWS) await flush();
      }
    } catch (error) {
      // The file was checked when it was accepted, so this means it changed or the checks have a gap.
      if (error instanceof CsvSyntaxError) {
        throw new JobFailure(`Malformed CSV at line ${error.line}: ${error.message}`);
      }
      if (error instanceof AppError) throw new JobFailure(error.message);
      throw error;
    }
    if (index > committed) await flush();

    const [imported] = await db.select({ n: count() }).from(tasks).where(eq(tasks.importJobId, job.id));
    return { imported: imported?.n ?? 0 };
  },

  async undo(tx, job) {
    await tx.delete(tasks).where(eq(tasks.importJobId, job.id));
  },
};
