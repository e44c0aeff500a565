import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';

if (!hasChromium) console.warn('[skipped] browser desk suite: /usr/bin/chromium is not installed (apt-get install -y chromium)');

const SHOTS = 'test-results/screenshots';

async function accessToken(url: string): Promise<string> {
  const answer = await fetch(`${url}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'desk@example.com', password: 'password-123' }),
  });
  return ((await answer.json()) as { accessToken: string }).accessToken;
}

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
    // The chart's code and the charting library both load after first paint.
    await expect.poll(() => page.getByTestId('price-chart').locator('canvas').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await page.getByRole('link', { name: 'Sign in to trade' }).click();
    await page.waitForURL('**/sign-in?next=%2Fassets%2FBTC');
    await page.getByLabel('Email').fill('desk@example.com');
    await page.getByLabel('Password').fill('password-123');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/assets/BTC');
    // Signed in: the order ticket is there now.
    await expect.poll(() => page.getByRole('button', { name: /^(Buy|Sell|Place)/ }).count()).toBeGreaterThan(0);
  });

  it('an off-site `next` is ignored: sign-in lands on the dashboard, which shows a first-trade hint', async () => {
    const context = await browser.newContext();
    const fresh = await context.newPage();
    // The signed-out front page has live prices.
    await fresh.goto(`${server.url}/`);
    await expect.poll(() => fresh.getByTestId('price-BTC').textContent()).toMatch(/\d/);
    await fresh.goto(`${server.url}/sign-in?next=${encodeURIComponent('//evil.example/')}`);
    await fresh.getByLabel('Email').fill('desk@example.com');
    await fresh.getByLabel('Password').fill('password-123');
    await fresh.getByRole('button', { name: 'Sign in' }).click();
    await fresh.waitForURL('**/dashboard');
    // No trade yet on this account: the dashboard says where to place the first one.
    expect(await fresh.getByTestId('first-trade-hint').getByRole('link', { name: 'Trade BTC' }).count()).toBe(1);
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

  it('the ticket marks the precision error on the quantity field, estimates the order, and announces its fill once', async () => {
    await page.goto(`${server.url}/assets/BTC`);
    const ticket = page.getByRole('form', { name: 'Order ticket for BTC' });
    const qty = ticket.getByLabel('Quantity');
    const buy = ticket.getByRole('button', { name: 'Buy BTC' });
    await qty.fill('0.123456789012');
    await buy.click();
    const qtyError = ticket.locator('#qty-error');
    await expect.poll(() => qtyError.textContent(), { timeout: 10_000 }).toBe('BTC quantities have at most 6 decimal places');
    await qty.fill('0.001');
    await expect.poll(() => qtyError.count()).toBe(0);
    // The estimate, before sending: fee and total by the fill model, and the limits that apply.
    const estimate = ticket.getByTestId('order-estimate');
    await expect.poll(() => estimate.textContent()).toMatch(/Total cost[\d,.]+ USD/);
    expect(await estimate.textContent()).toMatch(/Fee0\.\d\d USD.*✓ Order value/);

    await buy.click();
    const filled = page.getByTestId('toast').filter({ hasText: /^Filled buy 0\.001 BTC @/ });
    await expect.poll(() => filled.count(), { timeout: 10_000 }).toBe(1);
    // The order's answer and the account stream both report this fill; only one toast may show.
    await page.waitForTimeout(2_000);
    expect(await filled.count()).toBe(1);
  });

  it('the 1d view shows the stored daily history across the chart', async () => {
    await page.goto(`${server.url}/assets/BTC`);
    await expect.poll(() => page.getByTestId('ohlc-legend').textContent(), { timeout: 15_000 }).toMatch(/C \d/);
    await page.getByRole('group', { name: 'Interval' }).getByRole('button', { name: '1d' }).click();
    const count = page.getByTestId('candle-count');
    await expect.poll(() => count.textContent(), { timeout: 15_000 }).toMatch(/^\d+ candles$/);
    // This server backfills one day of minutes (MARKET_BACKFILL_DAYS=1) and daily candles a year back
    // (MARKET_DAILY_HISTORY_DAYS, 365): the first page holds three months of days and more, not a handful.
    expect(Number((await count.textContent())!.split(' ')[0])).toBeGreaterThanOrEqual(90);
    await page.waitForTimeout(500);
    await page.getByTestId('price-chart').screenshot({ path: `${SHOTS}/assets-BTC-1d.png` });
  });

  it('the dashboard cash changes within 2 s of an order placed through the REST API', async () => {
    const token = await accessToken(server.url);
    const streamOpen = page.waitForResponse((r) => r.url().includes('stream.account'));
    await page.goto(`${server.url}/dashboard`);
    await streamOpen;
    const cash = page.getByTestId('account-cash');
    const before = await cash.textContent();
    expect(before).toMatch(/^\$[\d,]+\.\d\d$/);
    const placed = await fetch(`${server.url}/api/v1/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ symbol: 'ETH', side: 'buy', type: 'market', qty: '0.5' }),
    });
    expect(placed.status).toBe(201);
    expect(await placed.json()).toMatchObject({ status: 'filled', timeInForce: 'ioc' });
    await expect.poll(() => cash.textContent(), { timeout: 2_000, interval: 50 }).not.toBe(before);
  });

  it('screenshots: dashboard, markets, PEPE, BTC with overlays and the portfolio, light and dark', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(`${server.url}/dashboard`);
      await expect.poll(() => page.getByTestId('account-cash').textContent()).toMatch(/\$/);
      await page.screenshot({ path: `${SHOTS}/dashboard-${scheme}.png`, fullPage: true });

      await page.goto(`${server.url}/markets`);
      await expect.poll(() => page.getByTestId('markets-table').locator('tbody tr').count()).toBeGreaterThan(5);
      await page.screenshot({ path: `${SHOTS}/markets-${scheme}.png`, fullPage: true });

      await page.goto(`${server.url}/assets/PEPE`);
      await expect.poll(() => page.getByTestId('ohlc-legend').textContent(), { timeout: 15_000 }).toMatch(/C 0\.0/);
      expect(await page.getByTestId('quote-last').textContent()).toMatch(/^0\.0[₀-₉]+\d+$/);
      await page.screenshot({ path: `${SHOTS}/assets-PEPE-${scheme}.png` });

      await page.goto(`${server.url}/assets/BTC`);
      const chart = page.getByTestId('price-chart');
      await expect.poll(() => page.getByTestId('ohlc-legend').textContent(), { timeout: 15_000 }).toMatch(/C \d/);
      expect(await page.getByTestId('quote-last').textContent()).toMatch(/^\d{1,3}(,\d{3})*\.\d\d$/);
      const canvases = await chart.locator('canvas').count();
      for (const name of ['SMA 20', 'EMA 50', 'RSI 14']) await page.getByRole('checkbox', { name }).check();
      // RSI gets a pane of its own: the chart draws more canvases.
      await expect.poll(() => chart.locator('canvas').count()).toBeGreaterThan(canvases);
      await page.waitForTimeout(500);
      await page.screenshot({ path: `${SHOTS}/assets-BTC-overlays-${scheme}.png`, fullPage: true });

      await page.goto(`${server.url}/portfolio`);
      await expect.poll(() => page.getByTestId('positions-table').count()).toBe(1);
      await page.screenshot({ path: `${SHOTS}/portfolio-${scheme}.png`, fullPage: true });
    }
    await page.emulateMedia({ colorScheme: null });
  }, 240_000); // ten page loads, on a shared machine

  it('open orders show on the asset page, and cancelling them all asks first', async () => {
    const token = await accessToken(server.url);
    for (const limitPrice of ['1000', '2000']) {
      const placed = await fetch(`${server.url}/api/v1/orders`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ symbol: 'BTC', side: 'buy', type: 'limit', qty: '0.001', limitPrice }),
      });
      expect(await placed.json()).toMatchObject({ status: 'new', timeInForce: 'gtc' });
    }
    const listed = await fetch(`${server.url}/api/v1/orders?open=true&symbol=BTC`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await listed.json()) as { data: unknown[] }).data).toHaveLength(2);
    await page.goto(`${server.url}/assets/BTC`);
    const open = page.getByTestId('open-orders').locator('li');
    await expect.poll(() => open.count(), { timeout: 10_000 }).toBe(2);
    // Both limits lie far below the visible price scale: each is pinned to the bottom edge with an arrow,
    // its title and price (the farthest on the edge, so they read in price order), rather than drawn off the
    // chart where nobody sees it.
    const edges = page.getByTestId('price-line-edge');
    await expect.poll(() => edges.allTextContents(), { timeout: 10_000 }).toEqual(['▼ buy 0.001 limit 1,000.00', '▼ buy 0.001 limit 2,000.00']);
    expect(await edges.evaluateAll((els) => els.map((e) => e.getAttribute('data-edge')))).toEqual(['bottom', 'bottom']);
    const pane = (await page.getByTestId('price-chart').boundingBox())!;
    for (const label of await edges.all()) {
      const box = (await label.boundingBox())!;
      expect(box.y + box.height).toBeLessThanOrEqual(pane.y + pane.height);
      expect(box.x + box.width).toBeLessThanOrEqual(pane.x + pane.width);
    }
    await page.screenshot({ path: `${SHOTS}/assets-BTC-open-orders.png` });
    await page.getByRole('button', { name: 'Cancel all' }).click();
    const ask = page.getByRole('group', { name: 'Cancel all 2 open BTC orders?' });
    // Nothing is canceled until the question is answered.
    expect(await open.count()).toBe(2);
    await ask.getByRole('button', { name: 'Cancel all' }).click();
    await expect.poll(() => page.getByText('No open orders.').count(), { timeout: 10_000 }).toBe(1);
  });
});
