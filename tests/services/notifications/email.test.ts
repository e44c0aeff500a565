import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tasks } from '@/db/schema';
import type { SessionUser } from '@/server/api/trpc';
import type { Infra } from '@/server/infra/infra';
import { createJobRunner } from '@/server/services/jobs/runner';
import { seedAssets } from '@/server/services/market/seed-assets';
import { startAlertEngine } from '@/server/services/alerts/alert-engine';
import { createMailer } from '@/server/services/mail/mailer';
import { emailDeliveryHandler, EMAIL_DELIVERY_KIND } from '@/server/services/notifications/email-delivery';
import { sendTaskReminders } from '@/server/services/notifications/task-reminders';
import { createUser } from '../../support/accounts';
import { callerFor } from '../../support/caller';
import { createTestInfra } from '../../support/infra';
import { capturingLogger } from '../../support/logger';
import { manualClock, pushTick } from '../../support/trading';

interface Mail {
  from: string;
  to: string[];
  raw: string;
}

/** A real SMTP server process on 127.0.0.1 (no TLS, no auth), keeping what it receives. */
async function smtpServer(): Promise<{ url: string; mails: Mail[]; server: SMTPServer }> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      stream.on('end', () => {
        mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, mails, server };
}

let infra: Infra;
let clock: ReturnType<typeof manualClock>;
let alice: SessionUser;
let smtp: Awaited<ReturnType<typeof smtpServer>> | null = null;

beforeEach(async () => {
  clock = manualClock(Date.now());
  infra = await createTestInfra({ clock: clock.clock });
  alice = await createUser(infra, 'Alice');
});
afterEach(async () => {
  if (smtp) await new Promise<void>((resolve) => smtp!.server.close(() => resolve()));
  smtp = null;
  await infra.close();
});

async function deliverEmails(settings: { smtpUrl?: string; from: string }) {
  const mailer = createMailer({ ...settings, log: capturingLogger().logger });
  const runner = createJobRunner({ db: infra.db, bus: infra.bus, handlers: { [EMAIL_DELIVERY_KIND]: emailDeliveryHandler(() => mailer) } });
  let ran = 0;
  while (await runner.runOnce()) ran++;
  return ran;
}

const subjectOf = (raw: string) => /^Subject: (.*)$/m.exec(raw)?.[1];

describe('email', () => {
  it('task reminders arrive at a real SMTP server with the right subject and recipient', async () => {
    smtp = await smtpServer();
    await infra.db.insert(tasks).values({ ownerId: alice.id, title: 'File taxes', dueAt: new Date(clock.now() + 20 * 60_000) });
    await sendTaskReminders(infra, 3_600_000);
    expect(await deliverEmails({ smtpUrl: smtp.url, from: 'PrimeTrade <notify@primetrade.test>' })).toBe(1);
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]).toMatchObject({ from: 'notify@primetrade.test', to: [alice.email] });
    expect(subjectOf(smtp.mails[0]!.raw)).toBe('Due soon: File taxes');
    expect((await callerFor(infra, alice).notifications.list()).data[0]!.data).toMatchObject({ email: 'sent' });
  });

  it('an alert that asks for email sends one when it fires; one that does not, does not', async () => {
    smtp = await smtpServer();
    await seedAssets(infra.db);
    const api = callerFor(infra, alice);
    await api.alerts.create({ symbol: 'BTC', condition: 'above', value: '100', email: true });
    await api.alerts.create({ symbol: 'ETH', condition: 'above', value: '100' });
    const engine = await startAlertEngine({ ...infra, logger: capturingLogger().logger }, { flushMs: 3_600_000, expiryMs: 3_600_000 });
    await pushTick(infra, 'BTC', '150', clock.now());
    await pushTick(infra, 'ETH', '150', clock.now());
    await engine.idle();
    await engine.stop();
    await deliverEmails({ smtpUrl: smtp.url, from: 'notify@primetrade.test' });
    expect(smtp.mails.map((m) => [m.to, subjectOf(m.raw)])).toEqual([[[alice.email], 'BTC is above 100']]);
  });

  it('without SMTP the email is logged and the inbox says it was not sent', async () => {
    await infra.db.insert(tasks).values({ ownerId: alice.id, title: 'Call broker', dueAt: new Date(clock.now() - 60_000) });
    await sendTaskReminders(infra, 3_600_000);
    expect(await deliverEmails({ from: 'notify@primetrade.test' })).toBe(1);
    expect((await callerFor(infra, alice).notifications.list()).data[0]).toMatchObject({ title: 'Overdue: Call broker', data: { email: 'not sent: no SMTP' } });
  });
});
