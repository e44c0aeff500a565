import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstreams, type FakeUpstreams } from '@/server/services/tokens/fake-upstreams/fake-upstreams';
import { hasChromium, launchBrowser } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';

if (!hasChromium) console.warn('[skipped] browser tokens suite: /usr/bin/chromium is not installed (apt-get install -y chromium)');

const SHOTS = 'test-results/screenshots';
const DEGEN = 'token-base-0x4ed4e862860bed51a9570b96d89af5e1b0efefed';
const SOL = 'token-solana-So11111111111111111111111111111111111111112';

/**
 * The explorer against `next start`. The fake upstreams run in this test process, and the server is pointed
 * at them as at real hosts (TOKEN_SOURCES lists the three, the *_BASE_URL variables give their addresses),
 * so the test holds their fault switches: no control inside the app is needed to break an upstream.
 */
describe.skipIf(!hasChromium)('the token explorer in a real browser', () => {
  let fakes: FakeUpstreams;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const rowIds = () => page.locator('[data-testid="tokens-table"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')!));

  beforeAll(async () => {
    fakes = await startFakeUpstreams();
    server = await startServer({
      env: {
        TOKEN_SOURCES: 'dexscreener,geckoterminal,jupiter',
        DEXSCREENER_BASE_URL: fakes.dexscreener.url,
        GECKOTERMINAL_BASE_URL: fakes.geckoterminal.url,
        JUPITER_BASE_URL: fakes.jupiter.url,
        // Short periods, so staleness (two periods without data) shows within the test; not shorter, so the
        // five GeckoTerminal requests a cycle stay inside its 30-a-minute budget and nothing goes stale unasked.
        TOKEN_REFRESH_SECONDS: '15',
      },
    });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await mkdir(SHOTS, { recursive: true });
    // The first refresh cycle runs at start-up; wait until it has listed the discovered tokens.
    const listed = async () => ((await (await fetch(`${server.url}/api/v1/tokens`)).json()) as { data: unknown[] }).data.length;
    for (let waited = 0; (await listed()) < 8; waited += 500) {
      if (waited > 40_000) throw new Error(`the first refresh cycle listed fewer than 8 tokens:\n${server.output()}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await fakes?.close();
  });

  it('lists the merged tokens, sorted by 24 h volume, each with its source badges', async () => {
    await page.goto(`${server.url}/tokens`);
    await expect.poll(() => page.getByText('● live').count()).toBe(1);
    const ids = await rowIds();
    expect(ids.length).toBeGreaterThanOrEqual(8);
    // WETH trades the most in the simulated market.
    expect(ids[0]).toBe('token-ethereum-0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2');
    await expect.poll(() => page.getByTestId(SOL).getByTestId('source-jupiter').count()).toBe(1);
    expect(await page.getByTestId(DEGEN).locator('[data-testid^="source-"]').count()).toBe(1);
    expect(await page.getByTestId(DEGEN).getAttribute('data-stale')).toBe('false');
  });

  it('the SSE doors (tokens, and prices through the same frame) stream, and refuse bad requests as JSON', async () => {
    const controller = new AbortController();
    const live = await fetch(`${server.url}/api/v1/stream/tokens`, { signal: controller.signal });
    expect(live.status).toBe(200);
    expect(live.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = live.body!.getReader();
    let text = '';
    while (!text.includes('event: snapshot')) text += new TextDecoder().decode((await reader.read()).value);
    controller.abort();

    const badId = await fetch(`${server.url}/api/v1/stream/tokens?lastEventId=yesterday`);
    expect(badId.status).toBe(400);
    expect(((await badId.json()) as { error: { details: { fieldErrors: object } } }).error.details.fieldErrors).toHaveProperty('lastEventId');
    const post = await fetch(`${server.url}/api/v1/stream/tokens`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
    expect((await fetch(`${server.url}/api/v1/stream/prices?symbols=NOPE`)).status).toBe(404);
  });

  it('sorting and filtering change the rows and the address bar', async () => {
    await page.getByRole('button', { name: 'Liquidity' }).click();
    await page.waitForURL(/sort=liquidity&order=desc/);
    const desc = await rowIds();
    await page.getByRole('button', { name: /Liquidity/ }).click();
    await page.waitForURL(/sort=liquidity&order=asc/);
    await expect.poll(rowIds).toEqual([...desc].reverse());

    await page.getByLabel('Chain').selectOption('ethereum');
    await page.waitForURL(/chain=ethereum/);
    await expect.poll(async () => (await rowIds()).every((id) => id.startsWith('token-ethereum-'))).toBe(true);
    const ethereum = await rowIds();
    expect(ethereum.length).toBeGreaterThan(1);

    await page.getByLabel('Min liquidity (USD)').fill('100000000');
    await page.waitForURL(/minLiquidity=100000000/);
    // Only WETH has more than $100M behind it.
    await expect.poll(rowIds).toEqual(['token-ethereum-0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2']);

    // The filtered view survives a reload: it lives in the URL.
    await page.reload();
    expect(await rowIds()).toEqual(['token-ethereum-0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2']);
    expect(await page.getByLabel('Chain').inputValue()).toBe('ethereum');
  });

  it('a refresh cycle updates a price in place, without reloading the page or moving rows', async () => {
    await page.goto(`${server.url}/tokens`);
    await expect.poll(() => page.getByText('● live').count()).toBe(1);
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    const before = await rowIds();
    const price = page.getByTestId(SOL).getByTestId('token-price');
    const first = await price.textContent();
    // Prices drift every cycle (15 s).
    await expect.poll(() => price.textContent(), { timeout: 40_000 }).not.toBe(first);
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
    expect(await rowIds()).toEqual(before);
  });

  it('a token whose only source fails is marked stale with its age, and the health strip shows the open circuit', async () => {
    // DEGEN is listed by GeckoTerminal alone.
    Object.assign(fakes.geckoterminal.faults, { mode: 'server-error' });
    const degen = page.getByTestId(DEGEN);
    await expect.poll(() => degen.getByTestId('stale-badge').count(), { timeout: 90_000 }).toBe(1);
    expect(await degen.getByTestId('stale-badge').textContent()).toMatch(/stale · \d+ (s|min)/);
    // Still listed with its last-good price.
    expect(await degen.getByTestId('token-price').textContent()).toMatch(/^\$0\.00\d+/);
    await expect
      .poll(() => page.getByTestId('health-geckoterminal').getAttribute('data-state'), { timeout: 30_000 })
      .not.toBe('closed');
    await page.screenshot({ path: `${SHOTS}/tokens.png`, fullPage: true });
  }, 150_000);
});
