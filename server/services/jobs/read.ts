import { and, desc, eq, sql } from 'drizzle-orm';
import { jobs } from '@/db/schema';
import { AppError } from '@/server/errors';
import type { Db } from '@/server/infra/db/types';
import { decodeCursor, encodeCursor } from '@/server/services/pagination/keyset-cursor';
import type { Actor } from '@/server/services/tasks/actor';
import { toJobView, type JobView } from './view';

/** The job if `actor` owns it (admins read any); otherwise NOT_FOUND, exactly as for a missing id. */
export async function getJob(db: Db, actor: Actor, id: string): Promise<JobView> {
  const [job] = await db
    .select()
    .from(jobs)
    .where(actor.role === 'admin' ? eq(jobs.id, id) : and(eq(jobs.id, id), eq(jobs.ownerId, actor.id)));
  if (!job) throw new AppError('NOT_FOUND', 'Job not found');
  return toJobView(job);
}

const SORT = { sort: 'createdAt', dir: 'desc' } as const;

/** The actor's own jobs, newest first. */
export async function listJobs(
  db: Db,
  actor: Actor,
  opts: { limit: number; cursor?: string },
): Promise<{ data: JobView[]; nextCursor: string | null }> {
  const after = opts.cursor ? decodeCursor(opts.cursor, SORT, 'timestamptz') : null;
  const rows = await db
    .select({ job: jobs, key: sql<string>`${jobs.createdAt}::text` })
    .from(jobs)
    .where(
      and(
        eq(jobs.ownerId, actor.id),
        after ? sql`(${jobs.createdAt}, ${jobs.id}) < (${after.key}::timestamptz, ${after.id}::uuid)` : undefined,
      ),
    )
    .orderBy(desc(jobs.createdAt), desc(jobs.id))
    .limit(opts.limit + 1);
  const page = rows.slice(0, opts.limit);
  const last = page[page.length - 1];
  return {
    data: page.map((r) => toJobView(r.job)),
    nextCursor: rows.length > opts.limit && last ? encodeCursor({ ...SORT, key: last.key, id: last.job.id }) : null,
  };
}
