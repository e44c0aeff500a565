import { AppError } from '@/server/errors';
import { csvRecords, CsvSyntaxError } from './csv-records';
import { readHeader } from './rows';

/**
 * Checks a whole file before it is accepted: a header we understand, well-formed CSV, at most `maxRows`
 * data rows. Structure only — per-row validation is the job's, reported per line. Returns the row count
 * (the job's total).
 */
export async function scanCsv(text: string, maxRows: number): Promise<number> {
  let header = false;
  let rows = 0;
  try {
    for await (const record of csvRecords(text)) {
      if (!header) {
        readHeader(record.fields);
        header = true;
        continue;
      }
      if (++rows > maxRows) {
        throw new AppError('BAD_REQUEST', `The file has more than ${maxRows} rows; split it into smaller files`, {
          reason: 'CSV_TOO_MANY_ROWS',
          details: { maxRows },
        });
      }
      // This runs inside a request: let the server answer others while a large file is scanned.
      if (rows % 5_000 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } catch (error) {
    if (error instanceof CsvSyntaxError) {
      throw new AppError('BAD_REQUEST', `Malformed CSV at line ${error.line}: ${error.message}`, {
        reason: 'CSV_MALFORMED',
        details: { line: error.line },
      });
    }
    throw error;
  }
  if (!header) throw new AppError('BAD_REQUEST', 'The file is empty: expected a header row', { reason: 'CSV_EMPTY' });
  return rows;
}
