import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';

if (!hasChromium) console.warn('[skipped] browser desk suite: /usr/bin/chromium is not installed (apt-get install -y chromium)');

const SHOTS = 'test-results/screenshots';

describe.skipIf(!hasChromium)('the trading desk in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await mkdir(SHOTS, { recursive: true });
    const registered = await fetch(`${server.url}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'desk@example.com', password: 'password-123', name: 'Desk User' }),
    });
    expect(registered.status).toBe(201);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a signed-out visitor reads /assets/BTC, is asked to sign in only to trade, and comes back to the page', async () => {
    await page.goto(`${server.url}/assets/BTC`);
    expect(new URL(page.url()).pathname).toBe('/assets/BTC');
    await expect.poll(() => page.getByTestId('price-chart').locator('canvas').count()).toBeGreaterThan(0);
    await page.getByRole('link', { name: 'Sign in to trade' }).click();
    await page.waitForURL('**/sign-in?next=%2Fassets%2FBTC');
    await page.getByLabel('Email').fill('desk@example.com');
    await page.getByLabel('Password').fill('password-123');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/assets/BTC');
    // Signed in: the order ticket is there now.
    await expect.poll(() => page.getByRole('button', { name: /^(Buy|Sell|Place)/ }).count()).toBeGreaterThan(0);
  });

  it('an off-site `next` is ignored: sign-in lands on the dashboard', async () => {
    const context = await browser.newContext();
    const fresh = await context.newPage();
    await fresh.goto(`${server.url}/sign-in?next=${encodeURIComponent('//evil.example/')}`);
    await fresh.getByLabel('Email').fill('desk@example.com');
    await fresh.getByLabel('Password').fill('password-123');
    await fresh.getByRole('button', { name: 'Sign in' }).click();
    await fresh.waitForURL('**/dashboard');
    await context.close();
  });

  it('PEPE’s chart reads in its own precision: the legend shows 0.0₄… prices, never 0.00', async () => {
    await page.goto(`${server.url}/assets/PEPE`);
    const legend = page.getByTestId('ohlc-legend');
    await expect.poll(() => legend.textContent(), { timeout: 15_000 }).toMatch(/C 0\.0[₀-₉]+\d+/);
    const text = (await legend.textContent())!;
    expect(text).not.toMatch(/\b0\.00\b/);
    await page.screenshot({ path: `${SHOTS}/assets-PEPE.png` });
    await page.goto(`${server.url}/assets/BTC`);
    await expect.poll(() => legend.textContent(), { timeout: 15_000 }).toMatch(/C \d{1,3}(,\d{3})*\.\d{2}\b/);
    await page.screenshot({ path: `${SHOTS}/assets-BTC.png` });
  });
});
