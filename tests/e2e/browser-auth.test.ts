import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';

if (!hasChromium) console.warn('[skipped] browser suite: /usr/bin/chromium is not installed (apt-get install -y chromium)');

describe.skipIf(!hasChromium)('in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = await browser.newPage();
    // A CSP violation or a hydration failure shows up here.
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|hydrat/i.test(m.text())) pageErrors.push(m.text());
    });
    await mkdir('test-results', { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('signs up (showing field errors first), lands on the dashboard, and signs out', async () => {
    await page.goto(`${server.url}/sign-up`);
    await page.getByLabel('Name').fill('Browser User');
    await page.getByLabel('Email').fill('browser@example.com');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => page.getByText('Password must be at least 10 characters').count(), { timeout: 10_000 }).toBeGreaterThan(0);

    await page.getByLabel('Password').fill('password-123');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/dashboard');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Welcome, Browser User');
    // The live ticker moves by itself (SSE through the CSP, no reload).
    const btc = page.getByTestId('price-BTC');
    const first = await btc.textContent();
    expect(Number(first)).toBeGreaterThan(0);
    await expect.poll(() => btc.textContent(), { timeout: 15_000 }).not.toBe(first);
    expect(await page.getByTestId('account-equity').textContent()).toBe('$100,000.00');
    await page.screenshot({ path: 'test-results/dashboard.png' });

    // Settings: create an API key (secret shown once), then revoke it.
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Key name').fill('browser script');
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = await page.getByTestId('new-key-secret').locator('code').textContent();
    expect(secret).toMatch(/^pt_/);
    const me = await fetch(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } });
    expect(((await me.json()) as { email: string }).email).toBe('browser@example.com');
    // Revoking asks first (like cancel-all and reset); "Keep" leaves the key working.
    await page.getByRole('button', { name: 'Revoke browser script' }).click();
    const question = page.getByRole('group', { name: /^Revoke browser script\?/ });
    await question.getByRole('button', { name: 'Keep' }).click();
    expect((await fetch(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(200);
    await page.getByRole('button', { name: 'Revoke browser script' }).click();
    await question.getByRole('button', { name: 'Revoke', exact: true }).click();
    await expect.poll(() => page.getByText('revoked').count()).toBe(1);
    expect((await fetch(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(401);

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL('**/sign-in');
    await page.goto(`${server.url}/dashboard`);
    await page.waitForURL('**/sign-in?next=%2Fdashboard');
  });

  it('trades from the asset page: live chart, market buy → position, limit order → cancel', async () => {
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Email').fill('browser@example.com');
    await page.getByLabel('Password').fill('password-123');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/dashboard');
    // The ticker's link: BTC may also be listed among the dashboard's top movers.
    await page.getByRole('region', { name: 'Live prices' }).getByRole('link', { name: 'BTC', exact: true }).click();
    await page.waitForURL('**/assets/BTC');

    // The chart draws stored candles, then live prices move the ticket's last price.
    await expect.poll(() => page.getByTestId('price-chart').locator('canvas').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByText(/\d+ candles/).count()).toBe(1);
    const lastPrice = page.getByTestId('ticket-last-price');
    const before = await lastPrice.textContent();
    await expect.poll(() => lastPrice.textContent(), { timeout: 15_000 }).not.toBe(before);

    // Client-side validation mirrors the server's.
    await page.getByLabel('Quantity').fill('1e3');
    await page.getByRole('button', { name: 'Buy BTC' }).click();
    await expect.poll(() => page.getByText('Use a plain decimal string such as "0.015"').count()).toBe(1);

    await page.getByLabel('Quantity').fill('0.01');
    await page.getByRole('button', { name: 'Buy BTC' }).click();
    await expect.poll(() => page.getByTestId('toast').first().textContent()).toMatch(/Filled buy 0.01 BTC/);
    await expect.poll(() => page.getByTestId('position').textContent()).toContain('0.01');

    await page.getByLabel('Type').selectOption('limit');
    await page.getByLabel('Quantity').fill('0.01');
    await page.getByLabel('Limit price').fill('1000');
    await page.getByRole('button', { name: 'Buy BTC' }).click();
    await expect.poll(() => page.getByTestId('open-orders').textContent()).toContain('@ 1000');
    await page.screenshot({ path: 'test-results/asset-btc.png', fullPage: true });
    await page.getByTestId('open-orders').getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.getByText('No open orders.').count()).toBe(1);

    await page.getByRole('link', { name: 'Portfolio' }).click();
    await page.waitForURL('**/portfolio');
    await expect.poll(() => page.getByRole('link', { name: 'BTC' }).count()).toBe(1);
    expect(await page.getByText('Recent fills').count()).toBe(1);
    await page.screenshot({ path: 'test-results/portfolio.png', fullPage: true });
    expect(pageErrors).toEqual([]);
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL('**/sign-in');
  });

  it('shows a clear message for a wrong password', async () => {
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Email').fill('demo@primetrade.dev');
    await page.getByLabel('Password').fill('wrong-password-1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByText('Wrong email or password.').count()).toBe(1);
  });

  it('keeps submit buttons disabled until the page has hydrated, so an early click never sends the password in the address', async () => {
    // Without JavaScript the page stays as the server rendered it: what a click meets before hydration.
    const early = await browser.newContext({ javaScriptEnabled: false });
    const raw = await early.newPage();
    await raw.goto(`${server.url}/sign-in`);
    expect(await raw.getByRole('button', { name: 'Sign in' }).isDisabled()).toBe(true);
    await raw.goto(`${server.url}/sign-up`);
    expect(await raw.getByRole('button', { name: 'Create account' }).isDisabled()).toBe(true);
    await early.close();
    // With JavaScript the same button is live.
    await page.goto(`${server.url}/sign-in`);
    await expect.poll(() => page.getByRole('button', { name: 'Sign in' }).isEnabled(), { timeout: 30_000 }).toBe(true);
  });

  it('lets the admin change a role from the admin page', async () => {
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Email').fill('admin@primetrade.dev');
    await page.getByLabel('Password').fill('admin-password-1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/dashboard');
    await page.goto(`${server.url}/admin`);
    // The change is saved by a mutation: reload only once the server has answered it.
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('admin.users.setRole') && r.request().method() === 'POST'),
      page.getByLabel('Role of browser@example.com').selectOption('admin'),
    ]);
    await page.reload();
    expect(await page.getByLabel('Role of browser@example.com').inputValue()).toBe('admin');
    await page.screenshot({ path: 'test-results/admin.png', fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
