import { sql } from 'drizzle-orm';
import type { Db } from '@/server/infra/db/types';
import type { ImportRow } from './rows';

/**
 * Inserts a batch of imported tasks with one JSON parameter (`jsonb_to_recordset`) instead of seven
 * parameters per row: on PGlite that is over twice as fast, which is what keeps a 50k-row import quick.
 * Missing fields take the column defaults through `coalesce`.
 */
export async function insertImportedTasks(tx: Db, rows: ImportRow[], ownerId: string, jobId: string): Promise<void> {
  if (rows.length === 0) return;
  await tx.execute(sql`
    insert into tasks (owner_id, import_job_id, title, description, status, priority, due_at, asset_symbol)
    select ${ownerId}::uuid, ${jobId}::uuid, r.title, coalesce(r.description, ''),
           coalesce(r.status, 'todo')::task_status, coalesce(r.priority, 'medium')::task_priority,
           r."dueAt", r."assetSymbol"
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as r(title text, description text, status text, priority text, "dueAt" timestamptz, "assetSymbol" text)`);
}
