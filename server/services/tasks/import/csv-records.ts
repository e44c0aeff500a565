import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';

export interface CsvRecord {
  /** The line the record starts on, counted as in the file (the header is line 1). */
  line: number;
  fields: string[];
}

/** The file is not well-formed CSV (e.g. a quote that never closes); `line` is where the bad record starts. */
export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

/**
 * Streams the records of a CSV text, header included. Empty lines are skipped; records with the wrong
 * number of fields are passed on (the caller reports them per line) rather than stopping the file.
 */
export async function* csvRecords(text: string): AsyncGenerator<CsvRecord> {
  const bytes = Buffer.from(text, 'utf8');
  const lines = lineCounter(bytes);
  const parser = Readable.from(chunksOf(bytes)).pipe(
    parse({ info: true, relax_column_count: true, skip_empty_lines: true }),
  );
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { bytes: number } }>) {
      yield { line: lines.recordEndingAt(info.bytes), fields: record };
    }
  } catch (error) {
    if (error instanceof CsvError) {
      // `bytes` counts the bytes of the records parsed before the bad one.
      const line = typeof error.bytes === 'number' ? lines.nextRecordAfter(error.bytes) : Number(error.lines ?? 0);
      throw new CsvSyntaxError(describe(error), line);
    }
    throw error;
  } finally {
    parser.destroy();
  }
}

/** Byte chunks, so a large file is parsed in slices with the event loop free in between. */
function* chunksOf(bytes: Buffer, size = 64 * 1024): Generator<Buffer> {
  for (let start = 0; start < bytes.length; start += size) yield bytes.subarray(start, start + size);
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * Line numbers from byte offsets, counted by us: csv-parse's own count drifts after a quoted CRLF. Fed the
 * offsets where records end, in order; blank lines between records are skipped like the parser skips them.
 */
function lineCounter(bytes: Buffer) {
  let offset = 0;
  let line = 1;
  const advanceTo = (end: number) => {
    for (; offset < end; offset++) if (bytes[offset] === LF) line++;
  };
  const skipBlankLines = (end: number) => {
    for (; offset < end && (bytes[offset] === LF || bytes[offset] === CR); offset++) if (bytes[offset] === LF) line++;
  };
  return {
    /** The line a record ending at `end` starts on. */
    recordEndingAt(end: number): number {
      skipBlankLines(end);
      const start = line;
      advanceTo(end);
      return start;
    },
    /** The line the next record starts on, after the records ending at `end`. */
    nextRecordAfter(end: number): number {
      advanceTo(end);
      skipBlankLines(bytes.length);
      return line;
    },
  };
}

function describe(error: CsvError): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field is never closed';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'unexpected characters after a closing quote';
    default:
      return error.message;
  }
}
