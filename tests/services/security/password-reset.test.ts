import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '@/db/schema';
import type { Infra } from '@/server/infra/infra';
import { createMailer } from '@/server/services/mail/mailer';
import { confirmPasswordReset, requestPasswordReset, type ResetDeps } from '@/server/services/security/password-reset';
import { callerFor, callerWithToken } from '../../support/caller';
import { expectTrpcError } from '../../support/errors';
import { createTestInfra } from '../../support/infra';

/** Every message the SMTP server received: envelope recipients and the raw message. */
const inbox: { to: string[]; raw: string }[] = [];
let smtp: SMTPServer;
let smtpUrl: string;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        inbox.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  smtp.listen(0, '127.0.0.1');
  await once(smtp.server, 'listening');
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => smtp.close(() => resolve())));

let now = Date.UTC(2026, 0, 5, 12, 0, 0);
let infra: Infra;
let deps: ResetDeps;
const log = { warn: () => {}, error: (fields: Record<string, unknown>) => console.error(fields) };
beforeEach(async () => {
  now = Date.UTC(2026, 0, 5, 12, 0, 0);
  inbox.length = 0;
  infra = await createTestInfra({ clock: () => now });
  deps = { ...infra, mailer: createMailer({ smtpUrl, from: 'PrimeTrade <no-reply@example.test>', log }), log, appUrl: 'https://primetrade.test' };
});
afterEach(async () => infra.close());

const PASSWORD = 'correct-horse-1';

async function signedUp(email: string) {
  await callerFor(infra).auth.register({ email, password: PASSWORD, name: 'Reset Me' });
  const { accessToken } = await callerFor(infra).auth.token({ email, password: PASSWORD });
  return accessToken;
}

function tokenFrom(raw: string): string {
  // The body is quoted-printable: undo soft line breaks (`=\r\n`) and the escaped `=` (`=3D`).
  const body = raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
  const match = /reset-password\?token=([A-Za-z0-9_-]+)/.exec(body);
  if (!match) throw new Error(`no reset link in:\n${raw}`);
  return match[1]!;
}

describe('password reset by email', () => {
  it('emails a link through a real SMTP server; the link works once and ends every session', async () => {
    const oldToken = await signedUp('reset@example.com');
    const { delivery } = await requestPasswordReset(deps, 'reset@example.com', '203.0.113.5');
    await delivery;
    expect(inbox).toHaveLength(1);
    expect(inbox[0]!.to).toEqual(['reset@example.com']);
    expect(inbox[0]!.raw).toContain('https://primetrade.test/reset-password?token=');
    const token = tokenFrom(inbox[0]!.raw);

    await confirmPasswordReset(infra, token, 'new-password-22');
    await expectTrpcError(callerWithToken(infra, oldToken).auth.me(), 'UNAUTHORIZED');
    await expectTrpcError(callerFor(infra).auth.token({ email: 'reset@example.com', password: PASSWORD }), 'UNAUTHORIZED');
    await callerFor(infra).auth.token({ email: 'reset@example.com', password: 'new-password-22' });

    await expect(confirmPasswordReset(infra, token, 'another-password-33')).rejects.toMatchObject({ reason: 'RESET_TOKEN_INVALID' });
    const actions = (await infra.db.select({ action: auditLog.action }).from(auditLog)).map((a) => a.action);
    expect(actions).toContain('security.password_reset');
  });

  it('answers an unknown address exactly as a known one, and sends nothing', async () => {
    await signedUp('known@example.com');
    const known = await requestPasswordReset(deps, 'known@example.com', '203.0.113.6');
    const unknown = await requestPasswordReset(deps, 'nobody@example.com', '203.0.113.7');
    expect(Object.keys(unknown)).toEqual(Object.keys(known));
    await Promise.all([known.delivery, unknown.delivery]);
    expect(inbox.map((m) => m.to)).toEqual([['known@example.com']]);
  });

  it('accepts a link for 30 minutes and refuses it after', async () => {
    await signedUp('early@example.com');
    await signedUp('late@example.com');
    await (await requestPasswordReset(deps, 'early@example.com', '203.0.113.8')).delivery;
    await (await requestPasswordReset(deps, 'late@example.com', '203.0.113.8')).delivery;
    const linkFor = (email: string) => tokenFrom(inbox.find((m) => m.to.includes(email))!.raw);
    now += 29 * 60_000;
    await confirmPasswordReset(infra, linkFor('early@example.com'), 'new-password-22');
    now += 2 * 60_000;
    await expect(confirmPasswordReset(infra, linkFor('late@example.com'), 'new-password-33')).rejects.toMatchObject({ reason: 'RESET_TOKEN_INVALID' });
  });

  it('rate limits requests per address', async () => {
    const outcomes = [];
    for (let i = 0; i < 6; i++) {
      outcomes.push(await requestPasswordReset(deps, 'flood@example.com', `198.51.100.${i}`).then(() => 'ok', (e: { code: string }) => e.code));
    }
    expect(outcomes).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'RATE_LIMITED']);
  });
});
