import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';

if (!hasChromium) console.warn('[skipped] browser admin suite: /usr/bin/chromium is not installed (apt-get install -y chromium)');

interface AxeResult {
  violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
}

/** Runs axe-core on the page's main content; returns serious and critical violations, readable. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: 'node_modules/axe-core/axe.min.js' });
  const result = await page.evaluate(
    () => (window as unknown as { axe: { run: (ctx: unknown) => Promise<AxeResult> } }).axe.run({ include: [['main']] }),
  );
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** Server round trips on a busy machine: allow a few seconds before a poll gives up. */
const POLL = { timeout: 10_000 };

describe.skipIf(!hasChromium)('admin console and dashboard in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = await browser.newPage();
    // Locator reads give up after 10 s instead of 30 s, so a missing element fails its poll, not the test's time.
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|hydrat/i.test(m.text())) pageErrors.push(m.text());
    });
    await mkdir('test-results', { recursive: true });

    // The seeded admin is the database's first user.
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Email').fill('admin@primetrade.dev');
    await page.getByLabel('Password').fill('admin-password-1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/dashboard');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('halts a symbol, sees it in the halts list, the figures and the audit log, then resumes it', async () => {
    await page.goto(`${server.url}/admin`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Admin console');
    expect(Number(await page.getByTestId('stat-users').textContent())).toBeGreaterThanOrEqual(2);
    const haltsBefore = Number(await page.getByTestId('stat-halts').textContent());

    // A reason that is too short is refused before anything is sent.
    await page.getByLabel('Symbol', { exact: true }).fill('SOL');
    await page.getByLabel('Reason').fill('no');
    await page.getByRole('button', { name: 'Halt symbol' }).click();
    await expect.poll(() => page.getByText('Give a reason of at least 3 characters.').count(), POLL).toBe(1);

    await page.getByLabel('Reason').fill('Browser test: exchange maintenance');
    await page.getByLabel('Duration').selectOption({ label: '15 minutes' });
    await page.getByRole('button', { name: 'Halt symbol' }).click();
    const row = page.getByTestId('halt-row-SOL');
    await expect.poll(() => row.textContent(), POLL).toContain('Browser test: exchange maintenance');
    expect(await row.textContent()).toContain('manual');
    await expect.poll(async () => Number(await page.getByTestId('stat-halts').textContent()), POLL).toBe(haltsBefore + 1);

    const audit = page.getByTestId('audit-table');
    await expect.poll(() => audit.locator('tbody tr').first().textContent(), POLL).toContain('symbol.halt');
    const newest = await audit.locator('tbody tr').first().textContent();
    expect(newest).toContain('SOL');
    expect(newest).toContain('admin@primetrade.dev');

    // The same halt over REST, with the browser's session cookie; orders for SOL are refused meanwhile.
    const halts = await page.request.get(`${server.url}/api/v1/admin/halts`);
    expect(halts.status()).toBe(200);
    expect(((await halts.json()) as { data: { symbol: string }[] }).data.map((h) => h.symbol)).toContain('SOL');
    const order = await page.request.post(`${server.url}/api/v1/orders`, {
      data: { symbol: 'SOL', side: 'buy', type: 'market', qty: '1', timeInForce: 'ioc' },
    });
    expect(((await order.json()) as { error: { message: string } }).error.message).toMatch(/halted/i);

    // Audit and figures over REST too; anonymous callers are refused.
    const audited = await page.request.get(`${server.url}/api/v1/admin/audit?action=symbol.halt&limit=5`);
    const entries = ((await audited.json()) as { data: { targetId: string; actor: { email: string } | null }[] }).data;
    expect(entries[0]).toMatchObject({ targetId: 'SOL', actor: { email: 'admin@primetrade.dev' } });
    const stats = (await (await page.request.get(`${server.url}/api/v1/admin/stats`)).json()) as { halts: { manual: number } };
    expect(stats.halts.manual).toBeGreaterThanOrEqual(1);
    expect((await fetch(`${server.url}/api/v1/admin/stats`)).status).toBe(401);

    await page.screenshot({ path: 'test-results/admin-console.png', fullPage: true });
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Resume SOL' }).click();
    await expect.poll(() => row.count(), POLL).toBe(0);
    await expect.poll(() => audit.locator('tbody tr').first().textContent(), POLL).toContain('symbol.resume');

    // Filtering the log by action shows only that action.
    await page.getByLabel('Action').selectOption('symbol.halt');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => audit.locator('tbody tr').count(), POLL).toBe(1);
    expect(await audit.locator('tbody tr').first().textContent()).toContain('symbol.halt');
    await page.getByLabel('Actor', { exact: true }).fill('nobody@nowhere.test');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => page.getByText('No entries match these filters.').count(), POLL).toBe(1);

    // After a reload the resumed symbol is still gone from the list.
    await page.reload();
    expect(await page.getByTestId('halt-row-SOL').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('adds a symbol to the watchlist on the dashboard with a live price, and it persists after reload', async () => {
    await page.goto(`${server.url}/dashboard`);
    await expect.poll(() => page.getByText('Your watchlist is empty.', { exact: false }).count(), POLL).toBe(1);
    await page.getByLabel('Symbol to watch').fill('nope');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'Unknown asset NOPE' }).count(), POLL).toBe(1);

    await expect.poll(() => page.getByRole('button', { name: 'Add', exact: true }).isEnabled(), POLL).toBe(true);
    await page.getByLabel('Symbol to watch').fill('eth');
    await page.getByLabel('Symbol to watch').press('Enter');
    const row = page.getByTestId('watchlist-row-ETH');
    await expect.poll(() => row.count(), POLL).toBe(1);
    const price = page.getByTestId('watch-price-ETH');
    await expect.poll(async () => Number(await price.textContent()), POLL).toBeGreaterThan(0);
    const first = await price.textContent();
    await expect.poll(() => price.textContent(), { timeout: 15_000 }).not.toBe(first);

    // Movers and notifications render with their content or their empty state.
    expect(await page.getByRole('heading', { name: /Top movers/ }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'Notifications' }).count()).toBe(1);
    await page.screenshot({ path: 'test-results/dashboard-watchlist.png', fullPage: true });
    expect(await axeViolations(page)).toEqual([]);

    await page.reload();
    await expect.poll(() => page.getByTestId('watchlist-row-ETH').count(), POLL).toBe(1);
    const saved = await page.request.get(`${server.url}/api/v1/watchlist`);
    expect(((await saved.json()) as { data: { symbol: string }[] }).data.map((w) => w.symbol)).toEqual(['ETH']);

    // A fill shows up in the notifications.
    const buy = await page.request.post(`${server.url}/api/v1/orders`, {
      data: { symbol: 'ETH', side: 'buy', type: 'market', qty: '0.01', timeInForce: 'ioc' },
    });
    expect(buy.status()).toBe(201);
    await page.reload();
    await expect.poll(() => page.getByTestId('account-activity').textContent(), POLL).toContain('Bought 0.01 ETH');

    await page.getByRole('button', { name: 'Remove ETH from watchlist' }).click();
    await expect.poll(() => page.getByTestId('watchlist-row-ETH').count(), POLL).toBe(0);
    await page.reload();
    await expect.poll(() => page.getByText('Your watchlist is empty.', { exact: false }).count(), POLL).toBe(1);
    expect(pageErrors).toEqual([]);
  });
});
