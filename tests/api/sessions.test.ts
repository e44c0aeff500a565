import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '@/db/schema';
import type { Infra } from '@/server/infra/infra';
import { recordSession } from '@/server/services/security/user-sessions';
import { isSessionRevoked } from '@/server/services/users/sessions';
import { callerFor, callerWithToken } from '../support/caller';
import { expectTrpcError, fieldErrorsOf } from '../support/errors';
import { createTestInfra } from '../support/infra';

let infra: Infra;
beforeEach(async () => {
  infra = await createTestInfra();
});
afterEach(async () => infra.close());

const PASSWORD = 'correct-horse-1';
const token = async (email: string, password = PASSWORD) => (await callerFor(infra).auth.token({ email, password })).accessToken;

async function signedUp(email: string) {
  const { user } = await callerFor(infra).auth.register({ email, password: PASSWORD, name: 'Sam' });
  return { user, first: await token(email) };
}

describe('my sessions', () => {
  it('lists my sessions with the current one marked, and revokes one', async () => {
    const { first } = await signedUp('s@example.com');
    const second = await token('s@example.com');
    const api = callerWithToken(infra, first);
    const { data } = await api.security.sessions();
    expect(data).toHaveLength(2);
    expect(data.filter((s) => s.current)).toHaveLength(1);
    expect(data.every((s) => s.kind === 'bearer' && s.ip === '203.0.113.1')).toBe(true);

    const other = data.find((s) => !s.current)!;
    await api.security.revokeSession({ sessionId: other.id });
    await expectTrpcError(callerWithToken(infra, second).auth.me(), 'UNAUTHORIZED');
    expect((await api.security.sessions()).data).toHaveLength(1);
    const actions = (await infra.db.select({ action: auditLog.action }).from(auditLog)).map((a) => a.action);
    expect(actions).toContain('security.session_revoked');
  });

  it('does not let me see or revoke another user’s session', async () => {
    const { first: mine } = await signedUp('a@example.com');
    const { first: theirs } = await signedUp('b@example.com');
    const [theirSession] = (await callerWithToken(infra, theirs).security.sessions()).data;
    await expectTrpcError(callerWithToken(infra, mine).security.revokeSession({ sessionId: theirSession!.id }), 'NOT_FOUND');
    await callerWithToken(infra, theirs).auth.me();
  });

  it('signs out everywhere else', async () => {
    const { first } = await signedUp('e@example.com');
    const others = [await token('e@example.com'), await token('e@example.com')];
    expect(await callerWithToken(infra, first).security.revokeOtherSessions()).toEqual({ revoked: 2 });
    for (const t of others) await expectTrpcError(callerWithToken(infra, t).auth.me(), 'UNAUTHORIZED');
    await callerWithToken(infra, first).auth.me();
    const [entry] = await infra.db.select().from(auditLog);
    expect(entry).toMatchObject({ action: 'security.session_revoked', details: { sessions: 2 } });
  });
});

describe('password change', () => {
  it('needs the current password and revokes every other browser session and token', async () => {
    const { user, first } = await signedUp('p@example.com');
    const second = await token('p@example.com');
    // A browser session, as the Auth.js jwt callback records it.
    const cookieSid = crypto.randomUUID();
    await recordSession(infra, { id: cookieSid, userId: user.id, kind: 'cookie', userAgent: 'Firefox', ip: '192.0.2.1' });
    const api = callerWithToken(infra, first);

    const wrong = await expectTrpcError(api.security.changePassword({ currentPassword: 'not-it-123', newPassword: 'new-password-22' }), 'UNAUTHORIZED');
    expect(fieldErrorsOf(wrong).currentPassword).toBeDefined();
    const weak = await expectTrpcError(api.security.changePassword({ currentPassword: PASSWORD, newPassword: 'short' }), 'BAD_REQUEST');
    expect(fieldErrorsOf(weak).newPassword).toBeDefined();

    await api.security.changePassword({ currentPassword: PASSWORD, newPassword: 'new-password-22' });
    expect(await isSessionRevoked(infra.cache, cookieSid)).toBe(true);
    await expectTrpcError(callerWithToken(infra, second).auth.me(), 'UNAUTHORIZED');
    await api.auth.me(); // this session stays
    await expectTrpcError(callerFor(infra).auth.token({ email: 'p@example.com', password: PASSWORD }), 'UNAUTHORIZED');
    await token('p@example.com', 'new-password-22');
  });
});
