import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import { hasChromium, launchBrowser } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';

if (!hasChromium) console.warn('[skipped] browser tasks suite: /usr/bin/chromium is not installed (apt-get install -y chromium)');

const SHOTS = 'test-results/screenshots';
const ROWS = 2_000;

/**
 * A CSV of `ROWS` tasks using every column, with one quoted line break (so records and lines differ) and two
 * invalid rows. Returns the file and the lines where the invalid records start (header = line 1).
 */
function importFile(): { csv: string; badLines: number[] } {
  const lines = ['title,description,status,priority,due_at,asset_symbol'];
  const badLines: number[] = [];
  let line = 2;
  for (let i = 1; i <= ROWS; i++) {
    const n = String(i).padStart(4, '0');
    let record = `Imported ${n},Row ${n},todo,low,2031-03-${String((i % 28) + 1).padStart(2, '0')},ETH`;
    if (i === 10) record = `Imported ${n},"two-line\ndescription, with a comma",in_progress,high,2031-01-01T09:00:00Z,BTC`;
    if (i === 700) {
      record = `,no title here,todo,low,,`;
      badLines.push(line);
    }
    if (i === 1_600) {
      record = `Imported ${n},bad priority,todo,urgent,,`;
      badLines.push(line);
    }
    lines.push(record);
    line += record.split('\n').length;
  }
  return { csv: `${lines.join('\n')}\n`, badLines };
}

describe.skipIf(!hasChromium)('tasks in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    // No demo accounts: the account this test signs up is the first, hence an admin (for the admin screenshot).
    server = await startServer({ env: { SEED_DEMO: 'false' } });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|hydrat/i.test(m.text())) pageErrors.push(m.text());
    });
    await mkdir(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  // A failing step leaves a picture of the page behind.
  beforeEach(({ task }) => {
    onTestFailed(async () => void (await page.screenshot({ path: `${SHOTS}/failed-${task.name.slice(0, 40).replace(/\W+/g, '-')}.png`, fullPage: true })));
  });

  const card = (title: string) => page.getByRole('article', { name: title, exact: true });
  const dialog = () => page.getByRole('dialog');

  it('creates, edits, moves, imports, pages, filters and deletes tasks', { timeout: 240_000 }, async () => {
    await page.goto(`${server.url}/sign-up`);
    await page.getByLabel('Name').fill('Task Person');
    await page.getByLabel('Email').fill('tasks@example.com');
    await page.getByLabel('Password').fill('password-123');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/dashboard');
    await page.screenshot({ path: `${SHOTS}/dashboard.png`, fullPage: true });

    await page.getByRole('link', { name: 'Tasks', exact: true }).click();
    await page.waitForURL('**/tasks');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Tasks');
    await expect.poll(() => page.getByText('No tasks yet.').count(), { timeout: 15_000 }).toBe(1);

    // Create: the form refuses what the server would (an empty title), then creates.
    await page.getByRole('button', { name: 'New task' }).click();
    await dialog().getByRole('button', { name: 'Create task' }).click();
    await expect.poll(() => dialog().getByText('Title is required').count(), { timeout: 15_000 }).toBe(1);
    await dialog().getByLabel('Title').fill('Buy the dip');
    await dialog().getByLabel('Description').fill('If BTC drops 5 % this week');
    await dialog().getByLabel('Priority').selectOption('high');
    await dialog().getByLabel('Due date').fill('2030-01-31');
    await dialog().getByLabel('Asset symbol').fill('btc!');
    await dialog().getByRole('button', { name: 'Create task' }).click();
    await expect.poll(() => dialog().getByText('Symbols are 1–15 letters or digits').count(), { timeout: 15_000 }).toBe(1);
    await dialog().getByLabel('Asset symbol').fill('btc');
    await dialog().getByRole('button', { name: 'Create task' }).click();
    await expect.poll(() => card('Buy the dip').count(), { timeout: 15_000 }).toBe(1);
    expect(await dialog().count()).toBe(0);
    const created = await card('Buy the dip').textContent();
    expect(created).toContain('High priority');
    expect(created).toContain('Due Jan 31, 2030');
    expect(created).toContain('BTC');
    expect(created).toContain('To do');

    // Edit: title and status.
    await card('Buy the dip').getByRole('button', { name: 'Edit Buy the dip' }).click();
    expect(await dialog().getByLabel('Title').inputValue()).toBe('Buy the dip');
    expect(await dialog().getByLabel('Due date').inputValue()).toBe('2030-01-31');
    await dialog().getByLabel('Title').fill('Buy the dip (edited)');
    await dialog().getByLabel('Status').selectOption('in_progress');
    await dialog().getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => card('Buy the dip (edited)').count(), { timeout: 15_000 }).toBe(1);
    expect(await card('Buy the dip (edited)').textContent()).toContain('In progress');
    expect(await card('Buy the dip').count()).toBe(0);

    // Board: the task sits in its status column and moves with the keyboard-friendly select.
    await page.getByRole('button', { name: 'Board', exact: true }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('view'), { timeout: 15_000 }).toBe('board');
    const inProgress = page.getByRole('region', { name: /^In progress/ });
    await expect.poll(() => inProgress.getByRole('article', { name: 'Buy the dip (edited)' }).count(), { timeout: 15_000 }).toBe(1);
    await page.getByLabel('Status of Buy the dip (edited)').selectOption('done');
    const done = page.getByRole('region', { name: /^Done/ });
    await expect.poll(() => done.getByRole('article', { name: 'Buy the dip (edited)' }).count(), { timeout: 15_000 }).toBe(1);
    expect(await inProgress.getByRole('article').count()).toBe(0);

    // CSV import through REST (the session cookie authenticates the upload), followed live.
    const { csv, badLines } = importFile();
    await page.evaluate(() => {
      const seen: number[] = [];
      (window as unknown as { importProgress: number[] }).importProgress = seen;
      const record = () => {
        const value = document.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow');
        if (value != null && seen.at(-1) !== Number(value)) seen.push(Number(value));
      };
      new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow'] });
    });
    await page.getByText('Import from CSV', { exact: true }).click();
    await page.getByLabel('CSV file').setInputFiles({ name: 'tasks.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    // Progress is pushed over the jobs.watch subscription (SSE), not only polled.
    const watch = page.waitForResponse((r) => r.url().includes('/api/trpc/node/jobs.watch'), { timeout: 15_000 });
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const watchResponse = await watch;
    expect(watchResponse.status()).toBe(200);
    expect(await watchResponse.headerValue('content-type')).toMatch(/^text\/event-stream/);
    const bar = page.getByRole('progressbar', { name: 'Import progress' });
    await bar.waitFor({ state: 'visible', timeout: 15_000 });
    await expect.poll(() => bar.getAttribute('aria-valuenow'), { timeout: 60_000 }).toBe(String(ROWS));
    expect(await bar.getAttribute('aria-valuemax')).toBe(String(ROWS));
    await expect.poll(() => page.getByText('Done: imported 1,998 tasks.').count(), { timeout: 30_000 }).toBe(1);
    const seen = await page.evaluate(() => (window as unknown as { importProgress: number[] }).importProgress);
    console.log(`[tasks] progress values seen: ${seen.join(', ')}`);
    expect(seen.at(-1)).toBe(ROWS);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(await page.getByText('2 rows were not imported').count()).toBe(1);
    const errorLines = await page.getByTestId('import-errors').locator('li').evaluateAll((items) => items.map((li) => Number(li.getAttribute('data-line'))));
    expect(errorLines).toEqual(badLines);
    const errorTexts = await page.getByTestId('import-errors').locator('li').allTextContents();
    expect(errorTexts[0]).toMatch(new RegExp(`^Line ${badLines[0]}: title: Title is required`));
    expect(errorTexts[1]).toMatch(new RegExp(`^Line ${badLines[1]}: priority: Priority must be one of`));

    // The board refreshed with the imported tasks (newest first, one page).
    await expect.poll(() => page.getByTestId('board-column-todo').getByRole('article').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await page.screenshot({ path: `${SHOTS}/tasks-board.png`, fullPage: true });

    // REST answers this browser's cookie (and nobody without it).
    const rest = await page.request.get(`${server.url}/api/v1/tasks?q=Imported%200010`);
    expect(rest.status()).toBe(200);
    const found = (await rest.json()) as { data: { title: string; description: string }[] };
    expect(found.data.map((t) => [t.title, t.description])).toEqual([['Imported 0010', 'two-line\ndescription, with a comma']]);
    expect((await fetch(`${server.url}/api/v1/tasks`)).status).toBe(401);

    // List view: cursor pages with "Load more".
    await page.getByRole('button', { name: 'List', exact: true }).click();
    await expect.poll(() => page.getByTestId('task-count').textContent(), { timeout: 15_000 }).toBe('Showing 25 tasks (more to load)');
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => page.getByTestId('task-count').textContent(), { timeout: 15_000 }).toBe('Showing 50 tasks (more to load)');
    const titles = await page.getByTestId('task-list').getByRole('heading', { level: 3 }).allTextContents();
    expect(new Set(titles).size).toBe(50);
    // Newest first: every task of the first pages came from the import's second batch (rows 1001–2000).
    const rowOf = (title: string) => Number(title.replace('Imported ', ''));
    expect(titles.every((t) => rowOf(t) > 1_000)).toBe(true);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${SHOTS}/tasks-list.png` });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: `${SHOTS}/tasks-list-dark.png` });
    await page.emulateMedia({ colorScheme: 'light' });

    // Filters go into the URL, and the URL alone brings them back.
    const filters = page.getByRole('search', { name: 'Filter tasks' });
    await filters.getByLabel('Status').selectOption('in_progress');
    await filters.getByLabel('Priority').selectOption('high');
    await expect.poll(() => page.getByTestId('task-list').getByRole('article').count(), { timeout: 15_000 }).toBe(1);
    expect(await card('Imported 0010').count()).toBe(1);
    await expect.poll(() => page.url(), { timeout: 15_000 }).toContain('status=in_progress&priority=high');
    await page.reload();
    expect(await page.getByRole('search', { name: 'Filter tasks' }).getByLabel('Status').inputValue()).toBe('in_progress');
    expect(await page.getByTestId('task-list').getByRole('article').count()).toBe(1);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await filters.getByLabel('Due from').fill('2031-03-28');
    await filters.getByLabel('Asset').fill('eth');
    await filters.getByLabel('Sort by').selectOption('createdAt:asc');
    await expect.poll(() => new URL(page.url()).search, { timeout: 15_000 }).toBe('?asset=ETH&dueAfter=2031-03-28&sort=createdAt&dir=asc');
    // Rows 27, 55, … 1987 fall on the 28th; oldest first shows the first batch's (rows 1–1000) only.
    await expect
      .poll(async () => (await page.getByTestId('task-list').getByRole('heading', { level: 3 }).allTextContents()).map(rowOf), { timeout: 15_000 })
      .toSatisfy((rows: number[]) => rows.length === 25 && rows.every((row) => row <= 1_000 && row % 28 === 27));
    const dues = await page.getByTestId('task-list').getByRole('article').allTextContents();
    expect(dues.every((text) => text.includes('Due Mar 28, 2031') && text.includes('ETH'))).toBe(true);

    // Delete the task created by hand, found by text search.
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await filters.getByLabel('Search').fill('dip');
    await expect.poll(() => page.getByTestId('task-list').getByRole('article').count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => new URL(page.url()).searchParams.get('q'), { timeout: 15_000 }).toBe('dip');
    await card('Buy the dip (edited)').getByRole('button', { name: 'Delete Buy the dip (edited)' }).click();
    await dialog().getByRole('button', { name: 'Delete task' }).click();
    await expect.poll(() => page.getByText('No tasks match these filters.').count(), { timeout: 15_000 }).toBe(1);
    const gone = await page.request.get(`${server.url}/api/v1/tasks?q=dip`);
    expect(((await gone.json()) as { data: unknown[] }).data).toEqual([]);

    expect(pageErrors).toEqual([]);
  });

  it('shows a large import moving, and cancelling it takes back every row', { timeout: 180_000 }, async () => {
    const total = 100_000;
    const csv = `title\n${Array.from({ length: total }, (_, i) => `Bulk ${String(i).padStart(6, '0')}`).join('\n')}\n`;
    await page.goto(`${server.url}/tasks`);
    await page.getByText('Import from CSV', { exact: true }).click();
    await page.getByLabel('CSV file').setInputFiles({ name: 'bulk.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Import', exact: true }).click();

    const bar = page.getByRole('progressbar', { name: 'Import progress' });
    const now = async () => Number((await bar.getAttribute('aria-valuenow')) ?? -1);
    await expect.poll(now, { timeout: 60_000, interval: 50 }).toBeGreaterThan(0);
    const midway = await now();
    expect(midway).toBeLessThan(total);
    expect(await bar.getAttribute('aria-valuemax')).toBe(String(total));
    expect(await page.getByRole('status').filter({ hasText: 'Importing…' }).textContent()).toMatch(/^Importing… [\d,]+ of 100,000 rows$/);

    await page.getByRole('button', { name: 'Cancel import' }).click();
    await expect.poll(() => page.getByText('Import canceled; nothing was imported.').count(), { timeout: 30_000 }).toBe(1);
    expect(await page.getByRole('button', { name: 'Cancel import' }).count()).toBe(0);
    const left = await page.request.get(`${server.url}/api/v1/tasks?q=Bulk&limit=1`);
    expect(((await left.json()) as { data: unknown[] }).data).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('screenshots the main pages', { timeout: 120_000 }, async () => {
    await page.goto(`${server.url}/assets/BTC`);
    await expect.poll(() => page.getByTestId('price-chart').locator('canvas').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    // The candles, not the loading state, in the picture.
    await page.getByText('Loading candles…').waitFor({ state: 'hidden', timeout: 20_000 });
    await page.getByText('Loading…').first().waitFor({ state: 'hidden', timeout: 20_000 });
    await page.screenshot({ path: `${SHOTS}/asset-btc.png`, fullPage: true });
    await page.goto(`${server.url}/portfolio`);
    await page.getByRole('heading', { name: 'Portfolio', level: 1 }).waitFor();
    await page.screenshot({ path: `${SHOTS}/portfolio.png`, fullPage: true });
    await page.goto(`${server.url}/settings`);
    await page.getByRole('heading', { name: 'API keys' }).waitFor();
    await page.screenshot({ path: `${SHOTS}/settings.png`, fullPage: true });
    await page.goto(`${server.url}/admin`);
    await page.getByTestId('user-row-tasks@example.com').waitFor();
    await page.screenshot({ path: `${SHOTS}/admin.png`, fullPage: true });

    // A phone-width tasks page: no sideways scrolling.
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${server.url}/tasks`);
    await page.getByTestId('task-list').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: `${SHOTS}/tasks-phone.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL('**/sign-in');
    await page.goto(`${server.url}/tasks`);
    await page.waitForURL('**/sign-in?next=%2Ftasks');
    expect(pageErrors).toEqual([]);
  });
});
