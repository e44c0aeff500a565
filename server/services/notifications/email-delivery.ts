import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { notifications, users } from '@/db/schema';
import type { Db } from '@/server/infra/db/types';
import { enqueueJob } from '@/server/services/jobs/enqueue';
import type { JobHandler } from '@/server/services/jobs/job-run';
import type { Mailer } from '@/server/services/mail/mailer';

export const EMAIL_DELIVERY_KIND = 'email-delivery';

const emailPayload = z.object({ notificationId: z.uuid() });

/** Queues the email of a notification; pass the transaction that wrote the notification. */
export async function enqueueEmail(db: Db, userId: string, notificationId: string): Promise<void> {
  await enqueueJob(db, { ownerId: userId, kind: EMAIL_DELIVERY_KIND, payload: { notificationId } });
}

/** What became of the email, kept on the notification so the inbox can say it. */
const markEmail = (db: Db, id: string, outcome: string) =>
  db
    .update(notifications)
    .set({ data: sql`${notifications.data} || ${JSON.stringify({ email: outcome })}::jsonb` })
    .where(eq(notifications.id, id));

/**
 * Sends a notification as an email to its owner (subject: the title, text: the body) through the mail port.
 * Without SMTP the port logs it and the notification is marked "not sent: no SMTP". A refusal by the server
 * throws, so the job runner retries it. `mailer` is resolved per run, so the process's one is built lazily.
 */
export function emailDeliveryHandler(mailer: () => Mailer): JobHandler {
  return {
    async run(run) {
      const { notificationId } = emailPayload.parse(run.job.payload);
      const [row] = await run.db
        .select({ title: notifications.title, body: notifications.body, to: users.email })
        .from(notifications)
        .innerJoin(users, eq(users.id, notifications.userId))
        .where(eq(notifications.id, notificationId));
      if (!row) return { skipped: 'notification deleted' };
      const { sent } = await mailer().send({ to: row.to, subject: row.title, text: row.body || row.title });
      await markEmail(run.db, notificationId, sent ? 'sent' : 'not sent: no SMTP');
      return { sent };
    },
  };
}
