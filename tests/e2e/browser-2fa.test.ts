import { mkdir } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '@/server/services/security/totp';
import { hasChromium, launchBrowser } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';

if (!hasChromium) console.warn('[skipped] browser 2FA suite: /usr/bin/chromium is not installed (apt-get install -y chromium)');

const EMAIL = 'two-factor@example.test';
const PASSWORD = 'password-123';

describe.skipIf(!hasChromium)('two-factor sign-in in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let secret: string;

  async function api(method: string, path: string, body?: unknown, token?: string) {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    await mkdir('test-results/screenshots', { recursive: true });
    expect((await api('POST', '/auth/register', { email: EMAIL, password: PASSWORD, name: 'Two Factor' })).status).toBe(201);
    const token = (await api('POST', '/auth/token', { email: EMAIL, password: PASSWORD })).body.accessToken as string;
    secret = (await api('POST', '/me/2fa/setup', undefined, token)).body.secret as string;
    expect((await api('POST', '/me/2fa/enable', { code: totpCode(secret, Date.now()) }, token)).status).toBe(200);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('asks for the code after the password, refuses a wrong one, and signs in with the right one', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const code = page.getByLabel('Code from your authenticator app (or a recovery code)');
    await code.waitFor();
    await code.fill('000000');
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect.poll(() => page.getByText(/That code is not valid/).count()).toBe(1);
    // The enabling code used this time step; the next step's code is accepted (±1 step) and never used yet.
    await code.fill(totpCode(secret, Date.now() + 30_000));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL('**/dashboard');
    await page.screenshot({ path: 'test-results/screenshots/sign-in-2fa.png' });
  });
});
