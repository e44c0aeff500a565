import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiKeys } from '@/db/schema';
import type { Infra } from '@/server/infra/infra';
import { callerFor, callerWithToken } from '../support/caller';
import { expectTrpcError, fieldErrorsOf } from '../support/errors';
import { createTestInfra } from '../support/infra';

let infra: Infra;
beforeEach(async () => {
  infra = await createTestInfra();
});
afterEach(async () => infra.close());

async function person(email: string) {
  const anon = callerFor(infra, null, { ip: `ip-${email}` });
  const { user } = await anon.auth.register({ email, password: 'password-123', name: email });
  const { accessToken } = await anon.auth.token({ email, password: 'password-123' });
  return { user, api: callerWithToken(infra, accessToken) };
}

describe('API keys', () => {
  it('shows the secret once, stores only its hash, and lists keys without secrets', async () => {
    const alice = await person('alice@example.com');
    const created = await alice.api.keys.create({ name: 'bot', scopes: ['read', 'trade'] });
    expect(created.secret).toMatch(/^pt_[A-Za-z0-9_-]{40,}$/);
    expect(created.prefix).toBe(created.secret.slice(0, 11));

    const [stored] = await infra.db.select().from(apiKeys).where(eq(apiKeys.id, created.id));
    expect(stored!.secretHash).not.toContain(created.secret);
    expect(stored!.secretHash).toMatch(/^[0-9a-f]{64}$/);

    const { data } = await alice.api.keys.list();
    expect(data).toHaveLength(1);
    expect(data[0]).toMatchObject({ id: created.id, name: 'bot', scopes: ['read', 'trade'], revokedAt: null });
    expect(JSON.stringify(data)).not.toContain(created.secret);
  });

  it('authenticates with the key, records last use, and stops at once when revoked', async () => {
    const alice = await person('alice@example.com');
    const { secret, id } = await alice.api.keys.create({ name: 'reader', scopes: ['read'] });
    const viaKey = callerWithToken(infra, secret);
    expect((await viaKey.auth.me()).email).toBe('alice@example.com');
    const [used] = await infra.db.select().from(apiKeys).where(eq(apiKeys.id, id));
    expect(used!.lastUsedAt).not.toBeNull();

    await alice.api.keys.revoke({ id });
    await expectTrpcError(viaKey.auth.me(), 'UNAUTHORIZED');
    // Revoking again is harmless.
    expect((await alice.api.keys.revoke({ id })).revokedAt).not.toBeNull();
  });

  it('enforces scopes: only a key with the admin scope reaches admin.*', async () => {
    const admin = await person('admin@example.com');
    const reader = await admin.api.keys.create({ name: 'r', scopes: ['read'] });
    const trader = await admin.api.keys.create({ name: 't', scopes: ['read', 'trade'] });
    const adminKey = await admin.api.keys.create({ name: 'a', scopes: ['admin'] });

    const scopeError = await expectTrpcError(callerWithToken(infra, reader.secret).admin.users.list({}), 'FORBIDDEN');
    expect(scopeError.message).toMatch(/"admin" scope/);
    await expectTrpcError(callerWithToken(infra, trader.secret).admin.users.list({}), 'FORBIDDEN');
    expect((await callerWithToken(infra, adminKey.secret).admin.users.list({})).data).toHaveLength(1);
    // The admin scope is enough for admin mutations; the key still acts as its (admin) owner.
    const user = await person('user@example.com');
    const promoted = await callerWithToken(infra, adminKey.secret).admin.users.setRole({ userId: user.user.id, role: 'admin' });
    expect(promoted.role).toBe('admin');
  });

  it('never lets a key manage keys or sign out', async () => {
    const alice = await person('alice@example.com');
    const { secret } = await alice.api.keys.create({ name: 'all', scopes: ['read', 'trade'] });
    const viaKey = callerWithToken(infra, secret);
    await expectTrpcError(viaKey.keys.list(), 'FORBIDDEN');
    await expectTrpcError(viaKey.keys.create({ name: 'escalate', scopes: ['read'] }), 'FORBIDDEN');
    await expectTrpcError(viaKey.auth.signOut(), 'FORBIDDEN');
  });

  it('refuses the admin scope to non-admins and validates input', async () => {
    await person('first-admin@example.com');
    const bob = await person('bob@example.com');
    await expectTrpcError(bob.api.keys.create({ name: 'x', scopes: ['admin'] }), 'FORBIDDEN');
    const bad = await expectTrpcError(bob.api.keys.create({ name: ' ', scopes: [] }), 'BAD_REQUEST');
    expect(Object.keys(fieldErrorsOf(bad)).sort()).toEqual(['name', 'scopes']);
  });

  it('keeps keys private: another user cannot revoke them (NOT_FOUND) or see them', async () => {
    const alice = await person('alice@example.com');
    const bob = await person('bob@example.com');
    const { id } = await alice.api.keys.create({ name: 'mine', scopes: ['read'] });
    await expectTrpcError(bob.api.keys.revoke({ id }), 'NOT_FOUND');
    expect((await bob.api.keys.list()).data).toEqual([]);
  });

  it('stops a disabled user’s keys on their next request', async () => {
    const admin = await person('admin@example.com');
    const bob = await person('bob@example.com');
    const { secret } = await bob.api.keys.create({ name: 'k', scopes: ['read'] });
    const viaKey = callerWithToken(infra, secret);
    expect((await viaKey.auth.me()).email).toBe('bob@example.com');
    await admin.api.admin.users.setDisabled({ userId: bob.user.id, disabled: true });
    await expectTrpcError(viaKey.auth.me(), 'UNAUTHORIZED');
  });
});
