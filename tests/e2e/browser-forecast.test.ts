import { mkdir } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';

if (!hasChromium) console.warn('[skipped] browser forecast suite: /usr/bin/chromium is not installed (apt-get install -y chromium)');

describe.skipIf(!hasChromium)('forecast bands in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    await mkdir('test-results/screenshots', { recursive: true });
    // Wait for the backfilled history a forecast needs.
    for (let tries = 0; tries < 60; tries++) {
      if ((await fetch(`${server.url}/api/v1/assets/BTC/forecast?interval=1m&horizon=5`)).ok) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('draws the path and bands on /assets/BTC with the model card and its plain-words caveat', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/assets/BTC`);
    await expect.poll(() => page.getByTestId('price-chart').locator('canvas').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await page.getByTestId('forecast-toggle').check();
    await expect.poll(() => page.getByText(/steps ahead/).count(), { timeout: 20_000 }).toBe(1);
    const card = page.getByTestId('forecast-model-card');
    await expect.poll(() => card.count()).toBe(1);
    expect(await page.getByText(/a forecast is not advice/i).count()).toBeGreaterThan(0);
    await page.screenshot({ path: 'test-results/screenshots/forecast-BTC.png' });
  });
});
