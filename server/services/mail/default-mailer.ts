import 'server-only';
import { env } from '@/server/env';
import { logger } from '@/server/logger';
import { createMailer, type Mailer } from './mailer';

let mailer: Mailer | undefined;

/** The process's mailer, from SMTP_URL and MAIL_FROM. */
export function getMailer(): Mailer {
  mailer ??= createMailer({ smtpUrl: env.SMTP_URL, from: env.MAIL_FROM, log: logger });
  return mailer;
}
