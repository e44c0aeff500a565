import nodemailer from 'nodemailer';
import type { Log } from '@/server/infra/log';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** The mail port: `sent` is false when no SMTP server is configured and the message was only logged. */
export interface Mailer {
  send(message: MailMessage): Promise<{ sent: boolean }>;
}

/**
 * SMTP through nodemailer when `smtpUrl` is set; otherwise each message is logged (local development reads
 * reset links there) — never silently dropped.
 */
export function createMailer(opts: { smtpUrl?: string; from: string; log: Log }): Mailer {
  if (!opts.smtpUrl) {
    return {
      async send(message) {
        opts.log.warn({ to: message.to, subject: message.subject, text: message.text }, 'email not sent (no SMTP_URL); logged instead');
        return { sent: false };
      },
    };
  }
  const transport = nodemailer.createTransport(opts.smtpUrl);
  return {
    async send(message) {
      await transport.sendMail({ from: opts.from, ...message });
      return { sent: true };
    },
  };
}
