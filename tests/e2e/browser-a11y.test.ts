import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';

if (!hasChromium) console.warn('[skipped] browser a11y suite: /usr/bin/chromium is not installed (apt-get install -y chromium)');

const AXE = path.resolve('node_modules/axe-core/axe.min.js');
const SCHEMES = ['light', 'dark'] as const;

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string; failureSummary: string }[];
}

/** Runs axe on the page as it is now; only serious and critical findings fail, but all are printed. */
async function axeViolations(page: Page, label: string): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Violation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })),
    }));
  });
  for (const v of violations) {
    console.log(`[axe] ${label}: ${v.impact} ${v.id} — ${v.help}`);
    for (const n of v.nodes.slice(0, 5)) console.log(`    ${n.target.join(' ')}: ${n.html.slice(0, 160)}\n      ${n.failureSummary.replace(/\n/g, '\n      ')}`);
  }
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

describe.skipIf(!hasChromium)('accessibility (axe) of the main pages', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    // The account signed up below is the first one, so it is an admin and the admin console can be checked.
    server = await startServer({ env: { SEED_DEMO: 'false' } });
    browser = await launchBrowser();
    // The app's CSP admits only its own nonce'd scripts; axe is injected by the test, not by the app.
    context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Checks the current page in light and dark colour schemes. */
  async function check(label: string, ready: () => Promise<unknown>) {
    const found: Record<string, Violation[]> = {};
    for (const scheme of SCHEMES) {
      await page.emulateMedia({ colorScheme: scheme });
      await ready();
      // The scheme really switched (so contrast is checked against the background people see).
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      if (scheme === 'dark') expect(background).not.toBe('rgb(255, 255, 255)');
      else expect(background).toBe('rgb(255, 255, 255)');
      const serious = await axeViolations(page, `${label} (${scheme})`);
      if (serious.length) found[scheme] = serious;
    }
    // Soft, so one page's findings do not hide the next page's (the steps build on each other).
    expect.soft(found, `${label}: serious or critical axe violations`).toEqual({});
  }

  it('sign-in and sign-up', async () => {
    await page.goto(`${server.url}/sign-in`);
    // React owns the page (the submit button is enabled once it has hydrated): a node added before hydration
    // would be a mismatch that React repairs by re-rendering, removing the probe before axe sees it.
    await expect.poll(() => page.getByRole('button', { name: 'Sign in' }).isEnabled(), { timeout: 30_000 }).toBe(true);
    // The harness catches a real problem: an unlabelled field and grey-on-grey text.
    await page.evaluate(() => {
      const probe = document.createElement('div');
      probe.id = 'axe-probe';
      probe.innerHTML = '<input type="text"><p style="color:#999;background:#aaa">hard to read</p>';
      document.querySelector('main')!.append(probe);
    });
    const probed = (await axeViolations(page, 'probe')).map((v) => v.id);
    expect(probed).toEqual(expect.arrayContaining(['label', 'color-contrast']));
    await page.evaluate(() => document.getElementById('axe-probe')!.remove());

    await check('sign-in', () => page.getByRole('button', { name: 'Sign in' }).waitFor());
    // A failed attempt shows its error, which must be readable too.
    await page.getByLabel('Email').fill('nobody@example.com');
    await page.getByLabel('Password').fill('wrong-password-1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await check('sign-in with error', () => page.getByText('Wrong email or password.').waitFor());

    await page.goto(`${server.url}/sign-up`);
    await check('sign-up', () => page.getByRole('button', { name: 'Create account' }).waitFor());
    await page.getByLabel('Name').fill('Axe Admin');
    await page.getByLabel('Email').fill('axe@example.com');
    await page.getByLabel('Password').fill('password-123');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/dashboard');
  });

  it('dashboard', async () => {
    await check('dashboard', () => page.getByTestId('price-BTC').waitFor());
  });

  it('asset page', async () => {
    await page.goto(`${server.url}/assets/BTC`);
    await check('asset BTC', () => page.getByTestId('price-chart').locator('canvas').first().waitFor({ timeout: 20_000 }));
  });

  it('portfolio', async () => {
    await page.goto(`${server.url}/portfolio`);
    await check('portfolio', () => page.getByRole('heading', { name: 'Portfolio', level: 1 }).waitFor());
  });

  it('tasks: list, board, form and import results', async () => {
    const created = await page.request.post(`${server.url}/api/v1/tasks`, {
      data: { title: 'Review the week', priority: 'high', dueAt: '2020-01-01', assetSymbol: 'ETH' },
    });
    expect(created.status()).toBe(201);
    await page.goto(`${server.url}/tasks`);
    await check('tasks list', () => page.getByRole('article', { name: 'Review the week' }).waitFor());
    await page.getByRole('button', { name: 'Board', exact: true }).click();
    await check('tasks board', () => page.getByTestId('task-board').waitFor());
    await page.getByRole('button', { name: 'New task' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Create task' }).click();
    await check('task form with errors', () => page.getByRole('dialog').getByText('Title is required').waitFor());
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    const csv = 'title,priority\nfine,low\n,low\nalso fine,urgent\n';
    await page.getByText('Import from CSV', { exact: true }).click();
    await page.getByLabel('CSV file').setInputFiles({ name: 'tasks.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await check('tasks import results', () => page.getByTestId('import-errors').waitFor({ timeout: 30_000 }));

    await page.goto(`${server.url}/tasks?status=done`);
    await check('tasks empty', () => page.getByText('No tasks match these filters.').waitFor());
  });

  it('settings', async () => {
    await page.goto(`${server.url}/settings`);
    await check('settings', () => page.getByRole('heading', { name: 'API keys' }).waitFor());
  });

  it('admin', async () => {
    await page.goto(`${server.url}/admin`);
    await check('admin', () => page.getByTestId('user-row-axe@example.com').waitFor());
  });
});
