import { and, desc, eq, notInArray, sql } from 'drizzle-orm';
import { jobs } from '@/db/schema';
import { AppError } from '@/server/errors';
import type { Db } from '@/server/infra/db/types';
import type { Page } from '@/contracts/common';
import type { ListOrder } from '@/server/services/pagination/cursor';
import { mapPage, paginate, type PageRequest } from '@/server/services/pagination/paginate';
import type { Actor } from '@/server/services/tasks/actor';
import { EMAIL_DELIVERY_KIND } from '@/server/services/notifications/email-delivery';
import { WEBHOOK_DELIVERY_KIND } from '@/server/services/webhooks/delivery';
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

/** Newest first; (created_at, id) breaks ties between same-instant jobs. */
const NEWEST_FIRST: ListOrder = { list: 'jobs', sort: 'createdAt', dir: 'desc', key: ['timestamptz', 'uuid'] };

/** The actor's own jobs, newest first. Webhook attempts and emails are left out: the delivery log and the inbox show them. */
export async function listJobs(db: Db, actor: Actor, request: PageRequest): Promise<Page<JobView>> {
  const page = await paginate(
    request,
    NEWEST_FIRST,
    (after, take) =>
      db
        .select({ job: jobs, key: sql<string>`${jobs.createdAt}::text` })
        .from(jobs)
        .where(
          and(
            eq(jobs.ownerId, actor.id),
            notInArray(jobs.kind, [WEBHOOK_DELIVERY_KIND, EMAIL_DELIVERY_KIND]),
            after ? sql`(${jobs.createdAt}, ${jobs.id}) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : undefined,
          ),
        )
        .orderBy(desc(jobs.createdAt), desc(jobs.id))
        .limit(take),
    (row) => [row.key, row.job.id],
  );
  return mapPage(page, (row) => toJobView(row.job));
}
