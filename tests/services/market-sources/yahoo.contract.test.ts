import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryCache } from '@/server/infra/cache/memory';
import type { SourceTick } from '@/server/services/market/sources/price-source';
import { YahooChartError, yahooChartOver } from '@/server/services/market/sources/yahoo/yahoo-chart';
import { candlesFrom, createYahooSource, sessionFrom, type YahooSourceOptions } from '@/server/services/market/sources/yahoo/yahoo-source';
import {
  UpstreamCoolingDownError,
  UpstreamHttpError,
  UpstreamMalformedError,
} from '@/server/services/tokens/sources/upstream-errors';
import { createPlainUpstream } from '@/server/services/tokens/sources/upstream-http';
import { startFakeYahoo, type FakeYahoo } from '../../support/fake-yahoo';
import { AAPL, fixture, json, MSFT, recordedFetch, until } from './recorded';

const MINUTE = 60_000;
/** When the "open" fixture was recorded: 14:36:27 UTC, six minutes into the session. */
const OPEN_AT = 1793630187_000;
const SESSION = { start: 1793629800_000, end: 1793653200_000 };

describe('Yahoo chart against recorded bodies', () => {
  const chartWith = (...responses: (() => Response)[]) => {
    const recorded = recordedFetch(...responses);
    const chart = yahooChartOver(
      createPlainUpstream({ source: 'yahoo', baseUrl: 'https://query1.yahoo.test', fetch: recorded.fetch, bodyOnStatus: [400, 404, 422] }),
    );
    return { chart, requests: recorded.requests };
  };

  it('today: interval=1m&range=1d; meta, session and bars with nulls skipped', async () => {
    const { chart, requests } = chartWith(json(fixture('yahoo-chart-aapl-1m-open.json')));
    const result = await chart.today('AAPL');
    expect(requests[0]!.url).toBe('https://query1.yahoo.test/v8/finance/chart/AAPL?interval=1m&range=1d');
    expect(result.meta.regularMarketPrice).toBe(231.8738);
    expect(sessionFrom(result.meta, OPEN_AT)).toEqual({ open: true, opensAt: SESSION.start, closesAt: SESSION.end, timeZone: 'America/New_York' });

    const candles = candlesFrom(result, AAPL, 0, Infinity, OPEN_AT);
    // 7 bars: one null (14:32), one still open (14:36) → 5 closed candles.
    expect(candles.map((c) => new Date(c.openTime).toISOString().slice(11, 16))).toEqual(['14:30', '14:31', '14:33', '14:34', '14:35']);
    expect(candles[1]).toEqual({ symbol: 'AAPL', openTime: 1793629860_000, open: '231.42', high: '232.00', low: '231.30', close: '231.89', volume: '401220' });
  });

  it('a closed session: open=false, and the next open is unknown after the close; before the open it is given', async () => {
    const { chart } = chartWith(json(fixture('yahoo-chart-aapl-1m-closed.json')));
    const result = await chart.today('AAPL');
    const evening = SESSION.end + 70 * MINUTE;
    expect(sessionFrom(result.meta, evening)).toEqual({ open: false, opensAt: null, closesAt: null, timeZone: 'America/New_York' });
    expect(sessionFrom(result.meta, SESSION.start - MINUTE)).toEqual({
      open: false,
      opensAt: SESSION.start,
      closesAt: SESSION.end,
      timeZone: 'America/New_York',
    });
    const candles = candlesFrom(result, AAPL, 0, Infinity, evening);
    expect(candles.map((c) => c.close)).toEqual(['233.00', '233.07', '233.07']);
  });

  it('chart.error bodies (unknown symbol 404, range too old 422) are YahooChartError, not upstream failures', async () => {
    const { chart } = chartWith(json(fixture('yahoo-chart-not-found.json'), 404), json(fixture('yahoo-chart-range-too-old.json'), 422));
    await expect(chart.today('NOPE')).rejects.toMatchObject({ name: 'YahooChartError', code: 'Not Found', symbol: 'NOPE' });
    await expect(chart.range('AAPL', 1790000000, 1790600000)).rejects.toBeInstanceOf(YahooChartError);
  });

  it('malformed bodies are errors: truncated, wrong shape, a price as a string, neither result nor error', async () => {
    const good = fixture('yahoo-chart-aapl-1m-open.json');
    const { chart } = chartWith(
      json(good.slice(0, 200)),
      json('{"finance":{"result":null}}'),
      json(good.replace('"regularMarketPrice":231.8738', '"regularMarketPrice":"231.87"')),
      json('{"chart":{"result":[],"error":null}}'),
    );
    for (let i = 0; i < 4; i++) await expect(chart.today('AAPL')).rejects.toBeInstanceOf(UpstreamMalformedError);
  });

  it('429 (as Yahoo answers a client without a User-Agent) keeps its Retry-After', async () => {
    const { chart } = chartWith(() => new Response('Too Many Requests\r\n', { status: 429, headers: { 'retry-after': '30' } }));
    await expect(chart.today('AAPL')).rejects.toMatchObject({ status: 429, retryAfterMs: 30_000 });
  });
});

describe('Yahoo source against the fake chart API', () => {
  let fake: FakeYahoo;
  beforeAll(async () => {
    fake = await startFakeYahoo();
  });
  afterAll(() => fake.close());
  const stops: (() => void)[] = [];
  afterEach(() => {
    while (stops.length) stops.pop()!();
    Object.assign(fake.faults, { mode: 'ok', requests: Infinity, retryAfterSeconds: 1 });
    const t0 = Math.floor(Date.now() / MINUTE) * MINUTE;
    fake.session = { start: t0 - 3_600_000, end: t0 + 5 * 3_600_000 };
  });

  const source = (opts: Partial<YahooSourceOptions> = {}) =>
    createYahooSource({
      assets: [AAPL, MSFT],
      cache: createMemoryCache(),
      baseUrl: fake.url,
      pollMs: 40,
      requestsPerMinute: 6_000,
      policy: { baseDelayMs: 5, maxDelayMs: 2_000, maxBudgetWaitMs: 0 },
      ...opts,
    });

  it('polls each symbol with a User-Agent and emits its regularMarketPrice at the asset precision while open', async () => {
    const yahoo = source();
    const ticks: SourceTick[] = [];
    stops.push(yahoo.start((batch) => ticks.push(...batch)));
    await until(() => ticks.some((t) => t.symbol === 'AAPL') && ticks.some((t) => t.symbol === 'MSFT'), 3_000, 'a tick per symbol');
    const aapl = ticks.find((t) => t.symbol === 'AAPL')!;
    // The fake's price drifts a few hundredths a minute: the tick is the price of its poll, within a cent of now.
    expect(Math.abs(Number(aapl.price) - fake.price('AAPL'))).toBeLessThanOrEqual(0.02);
    expect(aapl.price).toMatch(/^\d+\.\d{2}$/);
    expect(aapl.volume).toMatch(/^\d+$/);
    expect(yahoo.session('AAPL')).toMatchObject({ open: true, opensAt: fake.session.start, closesAt: fake.session.end, timeZone: 'America/New_York' });
    expect(yahoo.lastTickAt('AAPL')).toBe(aapl.ts);
    expect(fake.requests.every((r) => r.userAgent?.includes('Mozilla/5.0'))).toBe(true);
    expect(fake.requests.some((r) => r.path === '/v8/finance/chart/AAPL?interval=1m&range=1d')).toBe(true);

    // The same poll's bars, as closed candles: Yahoo's own, equal to what the fake served.
    const recent = yahoo.recentCandles('AAPL');
    expect(recent.length).toBeGreaterThan(50);
    expect(recent.at(-1)!.openTime + MINUTE).toBeLessThanOrEqual(Date.now());
    for (const c of recent.slice(-20)) expect(c.close).toBe(fake.bar('AAPL', c.openTime)!.close.toFixed(2));
  });

  it('while the session is closed: one tick, the official close in the session\'s last millisecond; the session says closed', async () => {
    const t0 = Math.floor(Date.now() / MINUTE) * MINUTE;
    fake.session = { start: t0 - 8 * 3_600_000, end: t0 - 90 * MINUTE };
    const yahoo = source();
    const ticks: SourceTick[] = [];
    const before = fake.requests.length;
    stops.push(yahoo.start((batch) => ticks.push(...batch)));
    await until(() => fake.requests.length - before >= 6, 3_000, 'several polls');
    // Several polls, one tick per symbol: the close goes into the last bar once, not again on every poll.
    expect(ticks.sort((a, b) => a.symbol.localeCompare(b.symbol))).toEqual(
      ['AAPL', 'MSFT'].map((symbol) => ({ symbol, price: fake.price(symbol).toFixed(2), volume: '0', ts: fake.session.end - 1 })),
    );
    expect(yahoo.session('AAPL')).toEqual({ open: false, opensAt: null, closesAt: null, timeZone: 'America/New_York' });
    expect(yahoo.quote('AAPL')).toEqual({ symbol: 'AAPL', price: fake.price('AAPL').toFixed(2), at: fake.session.end, currency: 'USD' });
    expect(yahoo.lastTickAt('AAPL')).toBe(fake.session.end - 1);
  });

  it('history: 1m candles over several days in 7-day windows, nulls skipped, equal to what the fake served', async () => {
    const now = Date.now();
    const yahoo = source({ now: () => now });
    const before = fake.requests.length;
    const from = now - 10 * 86_400_000;
    const candles = await yahoo.history('AAPL', from, now);
    const windows = fake.requests.slice(before);
    expect(windows.length).toBe(2);
    expect(windows.every((r) => /period1=\d+&period2=\d+/.test(r.path))).toBe(true);
    expect(candles.length).toBeGreaterThan(1_000);
    for (const c of candles) {
      const bar = fake.bar('AAPL', c.openTime);
      expect(bar).not.toBeNull();
      expect(c.close).toBe(bar!.close.toFixed(2));
    }
    const sample = candles[700]!;
    const bar = fake.bar('AAPL', sample.openTime)!;
    expect(sample).toEqual({
      symbol: 'AAPL',
      openTime: sample.openTime,
      open: bar.open.toFixed(2),
      high: bar.high.toFixed(2),
      low: bar.low.toFixed(2),
      close: bar.close.toFixed(2),
      volume: String(bar.volume),
    });
    // Null minutes (every 11th, offset 3) left out; all candles closed and in range.
    expect(candles.some((c) => Math.floor(c.openTime / MINUTE) % 11 === 3)).toBe(false);
    expect(candles.every((c) => c.openTime >= from && c.openTime + MINUTE <= now)).toBe(true);
  });

  it('history older than Yahoo keeps 1m bars is not asked for (it would answer 422)', async () => {
    const now = Date.now();
    const yahoo = source({ now: () => now });
    const before = fake.requests.length;
    const candles = await yahoo.history('MSFT', now - 60 * 86_400_000, now - 28 * 86_400_000);
    expect(fake.requests.slice(before).length).toBe(1);
    expect(candles.every((c) => c.openTime >= now - 29 * 86_400_000 - MINUTE)).toBe(true);
  });

  it('an unknown symbol is reported without opening the breaker for the others', async () => {
    const errors: unknown[] = [];
    const yahoo = createYahooSource({
      assets: [{ ...AAPL, symbol: 'GONE', sourceSymbol: 'GONE' }, MSFT],
      cache: createMemoryCache(),
      baseUrl: fake.url,
      pollMs: 20,
      requestsPerMinute: 6_000,
      policy: { breakerThreshold: 2, maxBudgetWaitMs: 0 },
      onError: (e) => errors.push(e),
    });
    const ticks: SourceTick[] = [];
    stops.push(yahoo.start((batch) => ticks.push(...batch)));
    await until(() => errors.length >= 4, 3_000, 'repeated unknown-symbol errors');
    expect(errors.every((e) => e instanceof YahooChartError)).toBe(true);
    expect((await yahoo.health()).state).toBe('closed');
    expect(ticks.some((t) => t.symbol === 'MSFT')).toBe(true);
  });

  it('429 with Retry-After: retried after it when short; a long one holds every request back', async () => {
    const yahoo = source();
    fake.faults.mode = 'rate-limited';
    fake.faults.requests = 1;
    const before = fake.requests.length;
    await yahoo.refresh('AAPL');
    const seen = fake.requests.slice(before);
    expect(seen).toHaveLength(2);
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(1_000);

    fake.faults.mode = 'rate-limited';
    fake.faults.retryAfterSeconds = 600;
    fake.faults.requests = 1;
    await expect(yahoo.refresh('AAPL')).rejects.toBeInstanceOf(UpstreamHttpError);
    await expect(yahoo.refresh('MSFT')).rejects.toBeInstanceOf(UpstreamCoolingDownError);
  });

  it('a client without a User-Agent gets the 429 real Yahoo gives (the fake holds the adapter to it)', async () => {
    const res = await fetch(`${fake.url}/v8/finance/chart/AAPL?interval=1m&range=1d`, { headers: { 'user-agent': '' } });
    expect(res.status).toBe(429);
  });

  it('malformed and wrong-shape bodies are errors, then the source recovers', async () => {
    const yahoo = source();
    fake.faults.mode = 'malformed';
    fake.faults.requests = 1;
    await expect(yahoo.refresh('AAPL')).rejects.toBeInstanceOf(UpstreamMalformedError);
    fake.faults.mode = 'wrong-shape';
    fake.faults.requests = 1;
    await expect(yahoo.refresh('AAPL')).rejects.toBeInstanceOf(UpstreamMalformedError);
    await yahoo.refresh('AAPL');
    expect(Math.abs(Number(yahoo.quote('AAPL')?.price) - fake.price('AAPL'))).toBeLessThanOrEqual(0.02);
  });

  it('the poll period stretches to fit the request budget', () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ ...AAPL, symbol: `S${i}`, sourceSymbol: `S${i}` }));
    // 60 a minute → 50 granted → 25 for polls: 40 symbols cannot be polled every 30 s.
    expect(createYahooSource({ assets: many, cache: createMemoryCache(), requestsPerMinute: 60 }).pollEveryMs).toBe(96_000);
    expect(createYahooSource({ assets: many.slice(0, 5), cache: createMemoryCache(), requestsPerMinute: 60 }).pollEveryMs).toBe(30_000);
  });
});
