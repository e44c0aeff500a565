import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, recoveryCodes } from '@/db/schema';
import type { Infra } from '@/server/infra/infra';
import { totpCode } from '@/server/services/security/totp';
import { callerFor, callerWithToken } from '../support/caller';
import { expectTrpcError } from '../support/errors';
import { createTestInfra } from '../support/infra';

let now = Date.UTC(2026, 0, 5, 12, 0, 0);
let infra: Infra;
beforeEach(async () => {
  now = Date.UTC(2026, 0, 5, 12, 0, 0);
  infra = await createTestInfra({ clock: () => now });
});
afterEach(async () => infra.close());

const anon = () => callerFor(infra);
const PASSWORD = 'correct-horse-1';

/** Signs up, and turns 2FA on with a code computed from the returned secret, as an authenticator app would. */
async function userWithTwoFactor(email: string) {
  await anon().auth.register({ email, password: PASSWORD, name: 'Tess' });
  const { accessToken } = await anon().auth.token({ email, password: PASSWORD });
  const api = callerWithToken(infra, accessToken);
  const setup = await api.security.twoFactorSetup();
  const { recoveryCodes: codes } = await api.security.twoFactorEnable({ code: totpCode(setup.secret, now) });
  return { api, secret: setup.secret, codes };
}

async function reasonOf(promise: Promise<unknown>, code: 'UNAUTHORIZED' | 'TOO_MANY_REQUESTS' | 'CONFLICT') {
  const error = await expectTrpcError(promise, code);
  return (error.cause as { reason?: string } | undefined)?.reason;
}

describe('TOTP two-factor sign-in', () => {
  it('sets up with a 160-bit secret, an otpauth URL and a QR SVG made locally', async () => {
    await anon().auth.register({ email: 'qr@example.com', password: PASSWORD, name: 'Q' });
    const { accessToken } = await anon().auth.token({ email: 'qr@example.com', password: PASSWORD });
    const setup = await callerWithToken(infra, accessToken).security.twoFactorSetup();
    expect(setup.secret).toMatch(/^[A-Z2-7]{32}$/); // 32 base32 characters = 160 bits
    expect(setup.otpauthUrl).toMatch(/^otpauth:\/\/totp\/PrimeTrade:qr%40example\.com\?.*secret=/);
    expect(setup.otpauthUrl).toContain(`secret=${setup.secret}`);
    expect(setup.qrSvg).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    // Not on until a code proves the app has the secret.
    await anon().auth.token({ email: 'qr@example.com', password: PASSWORD });
  });

  it('refuses to enable with a wrong code', async () => {
    await anon().auth.register({ email: 'wrong@example.com', password: PASSWORD, name: 'W' });
    const { accessToken } = await anon().auth.token({ email: 'wrong@example.com', password: PASSWORD });
    const api = callerWithToken(infra, accessToken);
    const setup = await api.security.twoFactorSetup();
    const wrong = totpCode(setup.secret, now + 5 * 60_000);
    expect(await reasonOf(api.security.twoFactorEnable({ code: wrong }), 'UNAUTHORIZED')).toBe('OTP_INVALID');
    expect(await api.security.twoFactorStatus()).toEqual({ enabled: false, recoveryCodesLeft: 0 });
  });

  it('asks for the code, accepts it once, and takes each recovery code once', async () => {
    const { secret, codes, api } = await userWithTwoFactor('tfa@example.com');
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    // Stored hashed: no code appears in the table.
    const stored = await infra.db.select().from(recoveryCodes);
    expect(stored.map((r) => r.codeHash)).not.toEqual(expect.arrayContaining([codes[0]]));
    expect(await api.security.twoFactorStatus()).toEqual({ enabled: true, recoveryCodesLeft: 10 });

    const creds = { email: 'tfa@example.com', password: PASSWORD };
    expect(await reasonOf(anon().auth.token(creds), 'UNAUTHORIZED')).toBe('OTP_REQUIRED');

    now += 30_000; // the next step: the code used to enable is spent
    const code = totpCode(secret, now);
    const token = await anon().auth.token({ ...creds, otp: code });
    expect(await callerWithToken(infra, token.accessToken).auth.me()).toMatchObject({ email: 'tfa@example.com' });
    expect(await reasonOf(anon().auth.token({ ...creds, otp: code }), 'UNAUTHORIZED')).toBe('OTP_INVALID');

    await anon().auth.token({ ...creds, otp: codes[3]!.toUpperCase() });
    expect(await reasonOf(anon().auth.token({ ...creds, otp: codes[3]! }), 'UNAUTHORIZED')).toBe('OTP_INVALID');
    expect(await api.security.twoFactorStatus()).toEqual({ enabled: true, recoveryCodesLeft: 9 });

    const actions = (await infra.db.select({ action: auditLog.action }).from(auditLog)).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['security.2fa_enabled', 'security.recovery_code_used']));
  });

  it('refuses a code from the previous step once a later one was used', async () => {
    const { secret } = await userWithTwoFactor('order@example.com');
    const creds = { email: 'order@example.com', password: PASSWORD };
    now += 60_000;
    await anon().auth.token({ ...creds, otp: totpCode(secret, now) });
    // Still inside the ±1 window, but older than the step just used.
    expect(await reasonOf(anon().auth.token({ ...creds, otp: totpCode(secret, now - 30_000) }), 'UNAUTHORIZED')).toBe('OTP_INVALID');
  });

  it('rate limits code guessing per account: the 10th wrong code is a 429, then even the right code', async () => {
    const { secret } = await userWithTwoFactor('guess@example.com');
    now += 30_000;
    const right = totpCode(secret, now);
    const wrong = right === '000000' ? '111111' : '000000';
    const reasons: (string | undefined)[] = [];
    for (let i = 0; i < 10; i++) {
      // Each from a different IP: the limit is per account, not per address.
      const attempt = callerFor(infra, null, { ip: `198.51.100.${i}` }).auth.token({ email: 'guess@example.com', password: PASSWORD, otp: wrong });
      const error = await attempt.catch((e: unknown) => e as { code: string; cause?: { reason?: string } });
      reasons.push(`${(error as { code: string }).code}:${(error as { cause?: { reason?: string } }).cause?.reason}`);
    }
    expect(reasons.slice(0, 9)).toEqual(Array(9).fill('UNAUTHORIZED:OTP_INVALID'));
    expect(reasons[9]).toBe('TOO_MANY_REQUESTS:RATE_LIMITED');
    await expectTrpcError(callerFor(infra, null, { ip: '198.51.100.99' }).auth.token({ email: 'guess@example.com', password: PASSWORD, otp: right }), 'TOO_MANY_REQUESTS');
  });

  it('turns off with a code or the password, not with a wrong password', async () => {
    const { api } = await userWithTwoFactor('off@example.com');
    await expectTrpcError(api.security.twoFactorDisable({ password: 'not-the-password-1' }), 'UNAUTHORIZED');
    await api.security.twoFactorDisable({ password: PASSWORD });
    expect(await api.security.twoFactorStatus()).toEqual({ enabled: false, recoveryCodesLeft: 0 });
    await anon().auth.token({ email: 'off@example.com', password: PASSWORD });
    const [row] = await infra.db.select().from(auditLog).where(eq(auditLog.action, 'security.2fa_disabled'));
    expect(row).toBeDefined();
  });
});

describe('requiring two-factor sign-in for admins', () => {
  it('keeps admins without 2FA out of admin tools once required, and lets them back in after turning it on', async () => {
    const root = await userWithTwoFactor('root@example.com'); // the first account: admin
    await anon().auth.register({ email: 'other-admin@example.com', password: PASSWORD, name: 'Oda' });
    const otherToken = (await anon().auth.token({ email: 'other-admin@example.com', password: PASSWORD })).accessToken;
    const other = callerWithToken(infra, otherToken);
    const { data } = await root.api.admin.users.list({});
    await root.api.admin.users.update({ userId: data.find((u) => u.email === 'other-admin@example.com')!.id, role: 'admin' });

    // Turning it on needs one's own 2FA on.
    expect(await reasonOf(other.admin.securityPolicy.set({ requireAdminTwoFactor: true }), 'CONFLICT')).toBe('TWO_FACTOR_REQUIRED');
    expect(await root.api.admin.securityPolicy.set({ requireAdminTwoFactor: true })).toEqual({ requireAdminTwoFactor: true });
    const refused = await expectTrpcError(other.admin.users.list({}), 'FORBIDDEN');
    expect((refused.cause as { reason?: string }).reason).toBe('TWO_FACTOR_REQUIRED');
    await root.api.admin.users.list({});

    // Settings → Security stays open: set up, turn on, and the admin tools open again.
    const setup = await other.security.twoFactorSetup();
    await other.security.twoFactorEnable({ code: totpCode(setup.secret, now) });
    await other.admin.users.list({});
    const actions = (await infra.db.select({ action: auditLog.action }).from(auditLog)).map((a) => a.action);
    expect(actions).toContain('security.require_admin_2fa');
  });
});

describe('security notices', () => {
  it('tells the user in the inbox when two-factor sign-in goes on or off and when the password changes', async () => {
    const { api } = await userWithTwoFactor('notice@example.com');
    await api.security.twoFactorDisable({ password: PASSWORD });
    await api.security.changePassword({ currentPassword: PASSWORD, newPassword: 'battery-staple-2' });
    const inbox = await api.notifications.list();
    expect(inbox.data.map((n) => [n.kind, n.title])).toEqual([
      ['system', 'Your password was changed'],
      ['system', 'Two-factor sign-in is off'],
      ['system', 'Two-factor sign-in is on'],
    ]);
  });
});
