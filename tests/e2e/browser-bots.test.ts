import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';

if (!hasChromium) console.warn('[skipped] browser bots suite: /usr/bin/chromium is not installed (apt-get install -y chromium)');

const SHOTS = 'test-results/screenshots';

describe.skipIf(!hasChromium)('backtests and bots in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await mkdir(SHOTS, { recursive: true });
    const registered = await fetch(`${server.url}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bots@example.com', password: 'password-123', name: 'Bots User' }),
    });
    expect(registered.status).toBe(201);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('runs a backtest from the form: params and range refused under their fields, then progress, equity chart, metrics', async () => {
    await page.goto(`${server.url}/backtests`);
    await page.waitForURL('**/sign-in?next=%2Fbacktests');
    await page.getByLabel('Email').fill('bots@example.com');
    await page.getByLabel('Password').fill('password-123');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/backtests');
    await expect.poll(() => page.getByRole('link', { name: 'Bots' }).count()).toBe(1);

    // The params form comes from the strategy's schema: sma_cross has fast and slow, with their bounds.
    const form = page.getByRole('form', { name: 'Run a backtest' });
    await expect.poll(() => form.getByText('fast [1, 500] whole').count()).toBe(1);
    const slow = form.locator('input[name="params.slow"]');
    await slow.fill('5');
    await form.getByRole('button', { name: 'Run backtest' }).click();
    await expect.poll(() => page.locator('[id="params.slow-error"]').textContent()).toBe('slow must be greater than fast');
    await slow.fill('30');
    await expect.poll(() => page.locator('[id="params.slow-error"]').count()).toBe(0);

    // A range the server refuses: its field error lands under "To".
    const to = form.getByLabel('To (UTC)');
    const goodTo = await to.inputValue();
    await to.fill(await form.getByLabel('From (UTC)').inputValue());
    await form.getByRole('button', { name: 'Run backtest' }).click();
    await expect.poll(() => page.locator('#to-error').textContent()).toBe('to must be after from');
    await to.fill(goodTo);

    await form.getByRole('button', { name: 'Run backtest' }).click();
    const progress = page.getByRole('progressbar', { name: 'Backtest progress' });
    await expect.poll(() => progress.count()).toBe(1);
    await expect.poll(() => page.getByTestId('backtest-status').textContent(), { timeout: 60_000 }).toBe('Done.');
    expect(await progress.getAttribute('aria-valuenow')).toBe('100');

    await expect.poll(() => page.getByTestId('backtest-equity-chart').locator('canvas').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('backtest-drawdown-chart').locator('canvas').count()).toBeGreaterThan(0);
    const metrics = page.getByTestId('backtest-metrics');
    expect(await metrics.textContent()).toMatch(/Total return-?\d+\.\d{2} %/);
    expect(await metrics.textContent()).toMatch(/Max drawdown\d+\.\d{2} %/);
    // A day of 1m bars with SMA 10/30 crosses many times: the trades table lists round trips.
    await expect.poll(() => page.getByTestId('backtest-trades').locator('tbody tr').count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${SHOTS}/backtest.png`, fullPage: true });

    // A sweep: each param takes a list; the combinations come back ranked, and a header re-sorts them.
    await form.getByLabel('Parameter sweep').check();
    await form.locator('input[name="params.fast"]').fill('5, 10');
    await form.locator('input[name="params.slow"]').fill('20, 40');
    await form.getByLabel('Rank by').selectOption('totalReturn');
    await form.getByRole('button', { name: 'Run sweep' }).click();
    const sweep = page.getByTestId('sweep-results');
    await expect.poll(() => sweep.locator('tbody tr').count(), { timeout: 60_000 }).toBe(4);
    const returns = async () =>
      (await sweep.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.children[3]!.textContent!))).map((t) => Number(t.replace(/[^\d.-]/g, '')));
    // Ranked by total return, best first (column 3: rank, fast, slow, total return).
    const ranked = await returns();
    expect(ranked).toEqual([...ranked].sort((a, b) => b - a));
    await sweep.getByRole('button', { name: 'Total return' }).click();
    await sweep.getByRole('button', { name: /Total return/ }).click();
    expect(await sweep.locator('th[aria-sort]').getAttribute('aria-sort')).toBe('ascending');
    expect(await returns()).toEqual([...ranked].sort((a, b) => a - b));
  });

  it('creates a bot from a strategy, starts it, and sees its first decision pushed live', { timeout: 240_000 }, async () => {
    await page.getByRole('link', { name: 'Bots' }).click();
    await page.waitForURL('**/bots');
    const form = page.getByRole('form', { name: 'Create a bot' });
    await form.getByLabel('Name').fill('Minute DCA');
    await form.getByLabel('Strategy').selectOption('dca');
    // DCA every close: the first close after the start is a decision, so the wait is at most a minute.
    await form.locator('input[name="params.amount"]').fill('100');
    await form.locator('input[name="params.everyBars"]').fill('1');
    await form.getByLabel('Interval').selectOption('1m');
    await form.getByRole('button', { name: 'Create bot' }).click();

    const card = page.getByRole('article', { name: 'Bot Minute DCA' });
    await expect.poll(() => card.getByTestId('bot-status').textContent()).toBe('stopped');
    await card.getByRole('button', { name: 'Start' }).click();
    await expect.poll(() => card.getByTestId('bot-status').textContent()).toBe('running');
    await expect.poll(() => card.getByText('live', { exact: true }).count()).toBe(1);

    // No reload: the decision arrives over bots.watch and the log is re-read.
    const decisions = card.getByTestId('bot-decisions').locator('li');
    await expect.poll(() => decisions.count(), { timeout: 150_000, interval: 1_000 }).toBeGreaterThan(0);
    expect(await decisions.first().textContent()).toMatch(/order [0-9a-f]{8}/);
    // The order filled: the bot holds a position and its cash went down by about the amount.
    await expect.poll(() => card.getByText('Position', { exact: true }).locator('xpath=following-sibling::dd').textContent()).not.toBe('0');
    expect(await card.getByTestId('bot-pnl').textContent()).toMatch(/^[+−]?\$\d/);
    await page.screenshot({ path: `${SHOTS}/bots.png`, fullPage: true });

    await card.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => card.getByTestId('bot-status').textContent()).toBe('paused');
  });
});
