import { z } from 'zod';
import { AppError } from '@/server/errors';
import { unknownAssetMessage } from '@/server/services/tasks/asset-link';
import { taskFields } from '@/contracts/tasks';

/** CSV columns and the task field each fills. Only `title` is required; empty cells take the defaults. */
export const CSV_COLUMNS = {
  title: 'title',
  description: 'description',
  status: 'status',
  priority: 'priority',
  due_at: 'dueAt',
  asset_symbol: 'assetSymbol',
} as const;
export type CsvColumn = keyof typeof CSV_COLUMNS;
const REQUIRED: CsvColumn[] = ['title'];

const rowSchema = z.object({
  title: taskFields.title,
  description: taskFields.description.optional(),
  status: taskFields.status.optional(),
  priority: taskFields.priority.optional(),
  dueAt: taskFields.dueAt.optional(),
  assetSymbol: taskFields.assetSymbol.optional(),
});
export type ImportRow = z.infer<typeof rowSchema>;

const isColumn = (name: string): name is CsvColumn => Object.hasOwn(CSV_COLUMNS, name);

/** Reads the header row (names are trimmed, case-insensitive); anything unexpected is a 400 naming it. */
export function readHeader(fields: string[]): CsvColumn[] {
  const names = fields.map((f) => f.trim().toLowerCase());
  const unknown = names.filter((n) => !isColumn(n));
  const duplicate = names.filter((n, i) => names.indexOf(n) !== i);
  const missing = REQUIRED.filter((c) => !names.includes(c));
  const problems = [
    unknown.length ? `unknown column(s): ${unknown.map((n) => n || '(empty)').join(', ')}` : null,
    duplicate.length ? `duplicate column(s): ${[...new Set(duplicate)].join(', ')}` : null,
    missing.length ? `missing required column(s): ${missing.join(', ')}` : null,
  ].filter(Boolean);
  if (problems.length) {
    throw new AppError(
      'BAD_REQUEST',
      `Invalid CSV header — ${problems.join('; ')}. Known columns: ${Object.keys(CSV_COLUMNS).join(', ')}`,
      { reason: 'CSV_BAD_HEADER', details: { unknown, duplicate: [...new Set(duplicate)], missing } },
    );
  }
  return names as CsvColumn[];
}

/** One data record as a task, or the message to report for its line. `symbols`: the catalogue's. */
export function parseRow(
  header: CsvColumn[],
  fields: string[],
  symbols: ReadonlySet<string>,
): { ok: true; row: ImportRow } | { ok: false; message: string } {
  if (fields.length !== header.length) {
    return { ok: false, message: `expected ${header.length} fields, found ${fields.length}` };
  }
  const raw: Record<string, string> = {};
  header.forEach((column, i) => {
    // An empty cell means "not given", so the default applies instead of failing validation.
    if (fields[i]!.trim() !== '') raw[CSV_COLUMNS[column]] = fields[i]!;
  });
  const result = rowSchema.safeParse(raw);
  if (result.success) {
    const symbol = result.data.assetSymbol;
    if (symbol && !symbols.has(symbol)) return { ok: false, message: `asset_symbol: ${unknownAssetMessage(symbol)}` };
    return { ok: true, row: result.data };
  }
  const byField = Object.fromEntries(Object.entries(CSV_COLUMNS).map(([col, field]) => [field, col]));
  const message = result.error.issues
    .map((issue) => {
      const field = String(issue.path[0] ?? '');
      const message = field === 'title' && issue.code === 'invalid_type' ? 'Title is required' : issue.message;
      return `${byField[field] ?? field}: ${message}`;
    })
    .join('; ');
  return { ok: false, message };
}
