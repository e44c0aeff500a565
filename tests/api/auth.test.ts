import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, users } from '@/db/schema';
import type { Infra } from '@/server/infra/infra';
import { callerFor, callerWithToken } from '../support/caller';
import { expectTrpcError, fieldErrorsOf } from '../support/errors';
import { createTestInfra } from '../support/infra';

let infra: Infra;
beforeEach(async () => {
  infra = await createTestInfra();
});
afterEach(async () => infra.close());

const anon = () => callerFor(infra);

async function signUpAndToken(email: string, password = 'correct-horse-1', name = 'Someone') {
  const { user } = await anon().auth.register({ email, password, name });
  const { accessToken } = await anon().auth.token({ email, password });
  return { user, token: accessToken, api: callerWithToken(infra, accessToken) };
}

describe('sign-up and sign-in', () => {
  it('signs up, signs in, reads me, signs out — and the token is refused afterwards', async () => {
    const { user, api } = await signUpAndToken('Trader@Example.com', 'correct-horse-1', 'Tess Trader');
    expect(user).toMatchObject({ email: 'trader@example.com', name: 'Tess Trader' });
    expect(await api.auth.me()).toEqual(user);
    expect(await api.auth.signOut()).toEqual({ signedOut: true });
    await expectTrpcError(api.auth.me(), 'UNAUTHORIZED');
  });

  it('makes the first account admin and later ones users', async () => {
    const first = await anon().auth.register({ email: 'first@example.com', password: 'password-111', name: 'First' });
    const second = await anon().auth.register({ email: 'second@example.com', password: 'password-222', name: 'Second' });
    expect(first.user.role).toBe('admin');
    expect(second.user.role).toBe('user');
  });

  it('makes exactly one admin when the first sign-ups race', async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        callerFor(infra, null, { ip: `198.51.100.${i}` }).auth.register({
          email: `racer${i}@example.com`,
          password: 'password-123',
          name: `Racer ${i}`,
        }),
      ),
    );
    expect(results.filter((r) => r.user.role === 'admin')).toHaveLength(1);
  });

  it('refuses a duplicate email, whatever its case, with CONFLICT', async () => {
    await anon().auth.register({ email: 'dup@example.com', password: 'password-123', name: 'One' });
    const error = await expectTrpcError(
      anon().auth.register({ email: 'DUP@example.com', password: 'password-456', name: 'Two' }),
      'CONFLICT',
    );
    expect(error.message).toMatch(/already exists/);
    expect(await infra.db.select().from(users)).toHaveLength(1);
  });

  it('rejects an invalid email and a weak password with field details, and writes nothing', async () => {
    const error = await expectTrpcError(
      anon().auth.register({ email: 'not-an-email', password: 'short', name: '' }),
      'BAD_REQUEST',
    );
    const fields = fieldErrorsOf(error);
    expect(fields.email?.[0]).toMatch(/valid email/);
    expect(fields.password).toEqual(
      expect.arrayContaining(['Password must be at least 10 characters', 'Password must contain a letter and a digit']),
    );
    expect(fields.name?.[0]).toMatch(/required/);
    expect(await infra.db.select().from(users)).toHaveLength(0);
  });

  it('answers a wrong password and an unknown email with the same UNAUTHORIZED', async () => {
    await anon().auth.register({ email: 'pw@example.com', password: 'password-123', name: 'Pw' });
    const wrong = await expectTrpcError(anon().auth.token({ email: 'pw@example.com', password: 'password-999' }), 'UNAUTHORIZED');
    const unknown = await expectTrpcError(anon().auth.token({ email: 'nobody@example.com', password: 'password-123' }), 'UNAUTHORIZED');
    expect(wrong.message).toBe(unknown.message);
  });

  it('refuses anonymous calls to protected procedures', async () => {
    await expectTrpcError(anon().auth.me(), 'UNAUTHORIZED');
    await expectTrpcError(anon().auth.signOut(), 'UNAUTHORIZED');
  });

  it('refuses a forged or tampered token', async () => {
    const { token } = await signUpAndToken('forge@example.com');
    const [h, p, s] = token.split('.');
    const tampered = `${h}.${p}.${s!.slice(0, -2)}xx`;
    await expectTrpcError(callerWithToken(infra, tampered).auth.me(), 'UNAUTHORIZED');
  });

  it('throttles repeated sign-in attempts on one account', async () => {
    await anon().auth.register({ email: 'slow@example.com', password: 'password-123', name: 'Slow' });
    for (let i = 0; i < 10; i++) {
      await expectTrpcError(anon().auth.token({ email: 'slow@example.com', password: 'wrong-pass-1' }), 'UNAUTHORIZED');
    }
    const limited = await expectTrpcError(
      anon().auth.token({ email: 'slow@example.com', password: 'password-123' }),
      'TOO_MANY_REQUESTS',
    );
    expect(limited.message).toMatch(/try again in \d+ s/);
  });
});

describe('disabling users and admin access', () => {
  async function adminAndUser() {
    const admin = await signUpAndToken('admin@example.com');
    const user = await signUpAndToken('user@example.com');
    expect(admin.user.role).toBe('admin');
    return { admin, user };
  }

  it('cuts a disabled user’s live session on their next request and refuses their sign-in', async () => {
    const { admin, user } = await adminAndUser();
    expect((await user.api.auth.me()).id).toBe(user.user.id);

    await admin.api.admin.users.setDisabled({ userId: user.user.id, disabled: true });
    await expectTrpcError(user.api.auth.me(), 'UNAUTHORIZED');
    const refused = await expectTrpcError(
      anon().auth.token({ email: 'user@example.com', password: 'correct-horse-1' }),
      'FORBIDDEN',
    );
    expect(refused.message).toMatch(/disabled/);

    await admin.api.admin.users.setDisabled({ userId: user.user.id, disabled: false });
    expect((await user.api.auth.me()).id).toBe(user.user.id);

    const audit = await infra.db.select().from(auditLog).where(eq(auditLog.targetId, user.user.id));
    expect(audit.map((a) => a.action).sort()).toEqual(['user.disable', 'user.enable']);
    expect(audit.every((a) => a.actorId === admin.user.id)).toBe(true);
  });

  it('answers FORBIDDEN to a non-admin on every admin procedure, and UNAUTHORIZED to anonymous', async () => {
    const { admin, user } = await adminAndUser();
    // Started one at a time: a promise created early and awaited late would reject unhandled meanwhile.
    const calls = (api: typeof user.api) => [
      () => api.admin.users.list({}),
      () => api.admin.users.setRole({ userId: admin.user.id, role: 'user' }),
      () => api.admin.users.setDisabled({ userId: admin.user.id, disabled: true }),
    ];
    for (const call of calls(user.api)) await expectTrpcError(call(), 'FORBIDDEN');
    for (const call of calls(anon())) await expectTrpcError(call(), 'UNAUTHORIZED');
    // Nothing changed for the admin.
    expect((await admin.api.auth.me()).role).toBe('admin');
  });

  it('lets an admin promote a user, which the user’s next request reflects', async () => {
    const { admin, user } = await adminAndUser();
    await admin.api.admin.users.setRole({ userId: user.user.id, role: 'admin' });
    expect((await user.api.auth.me()).role).toBe('admin');
    const page = await user.api.admin.users.list({ limit: 10 });
    expect(page.data.map((u) => u.email)).toEqual(['admin@example.com', 'user@example.com']);
  });

  it('stops an admin from demoting or disabling themselves', async () => {
    const { admin } = await adminAndUser();
    await expectTrpcError(admin.api.admin.users.setRole({ userId: admin.user.id, role: 'user' }), 'CONFLICT');
    await expectTrpcError(admin.api.admin.users.setDisabled({ userId: admin.user.id, disabled: true }), 'CONFLICT');
  });

  it('answers NOT_FOUND for an unknown user and BAD_REQUEST for a malformed id', async () => {
    const { admin } = await adminAndUser();
    await expectTrpcError(
      admin.api.admin.users.setRole({ userId: crypto.randomUUID(), role: 'admin' }),
      'NOT_FOUND',
    );
    await expectTrpcError(admin.api.admin.users.setRole({ userId: 'nope', role: 'admin' }), 'BAD_REQUEST');
  });

  it('pages through users with a cursor, each exactly once', async () => {
    const { admin } = await adminAndUser();
    for (let i = 0; i < 7; i++) {
      await callerFor(infra, null, { ip: `192.0.2.${i}` }).auth.register({
        email: `p${i}@example.com`,
        password: 'password-123',
        name: `P${i}`,
      });
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await admin.api.admin.users.list({ limit: 3, cursor });
      seen.push(...page.data.map((u) => u.email));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(9);
    expect(new Set(seen).size).toBe(9);
  });
});
