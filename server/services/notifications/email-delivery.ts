import { eq, sql } from 'drizzle-orm';
import { createTransport, type Transporter } from 'nodemailer';
import { z } from 'zod';
import { notifications, users } from '@/db/schema';
import type { Db } from '@/server/infra/db/types';
import { enqueueJob } from '@/server/services/jobs/enqueue';
import type { JobHandler } from '@/server/services/jobs/job-run';
import { logger } from '@/server/logger';

export const EMAIL_DELIVERY_KIND = 'email-delivery';

const emailPayload = z.object({ notificationId: z.uuid() });

/** Queues the email of a notification; pass the transaction that wrote the notification. */
export async function enqueueEmail(db: Db, userId: string, notificationId: string): Promise<void> {
  await enqueueJob(db, { ownerId: userId, kind: EMAIL_DELIVERY_KIND, payload: { notificationId } });
}

export interface EmailSettings {
  smtpUrl?: string;
  from: string;
}

const transports = new Map<string, Transporter>();
const transportFor = (url: string) => {
  let transport = transports.get(url);
  if (!transport) transports.set(url, (transport = createTransport(url)));
  return transport;
};

/** What became of the email, kept on the notification so the inbox can say it. */
const markEmail = (db: Db, id: string, outcome: string) =>
  db
    .update(notifications)
    .set({ data: sql`${notifications.data} || ${JSON.stringify({ email: outcome })}::jsonb` })
    .where(eq(notifications.id, id));

/**
 * Sends a notification as an email to its owner (subject: the title, text: the body). Without SMTP the email
 * is logged and marked "not sent: no SMTP". A refusal by the server throws, so the job runner retries it.
 */
export function emailDeliveryHandler(settings: EmailSettings): JobHandler {
  return {
    async run(run) {
      const { notificationId } = emailPayload.parse(run.job.payload);
      const [row] = await run.db
        .select({ title: notifications.title, body: notifications.body, to: users.email })
        .from(notifications)
        .innerJoin(users, eq(users.id, notifications.userId))
        .where(eq(notifications.id, notificationId));
      if (!row) return { skipped: 'notification deleted' };
      if (!settings.smtpUrl) {
        logger.info({ to: row.to, subject: row.title }, 'email not sent: no SMTP_URL');
        await markEmail(run.db, notificationId, 'not sent: no SMTP');
        return { sent: false };
      }
      const info = await transportFor(settings.smtpUrl).sendMail({ from: settings.from, to: row.to, subject: row.title, text: row.body || row.title });
      await markEmail(run.db, notificationId, 'sent');
      return { sent: true, messageId: info.messageId };
    },
  };
}
