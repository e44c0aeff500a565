import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryCache } from '@/server/infra/cache/memory';
import { binanceRestOver, createBinanceRest } from '@/server/services/market/sources/binance/binance-rest';
import { createBinanceSource } from '@/server/services/market/sources/binance/binance-source';
import {
  UpstreamCoolingDownError,
  UpstreamHttpError,
  UpstreamMalformedError,
} from '@/server/services/tokens/sources/upstream-errors';
import { createPlainUpstream } from '@/server/services/tokens/sources/upstream-http';
import { startFakeBinance, type FakeBinance } from '../../support/fake-binance';
import { BTC, ETH, fixture, json, recordedFetch, SOL } from './recorded';

const MINUTE = 60_000;

describe('Binance REST against recorded bodies', () => {
  const restWith = (...responses: (() => Response)[]) => {
    const recorded = recordedFetch(...responses);
    const rest = binanceRestOver(createPlainUpstream({ source: 'binance', baseUrl: 'https://api.binance.test/', fetch: recorded.fetch }));
    return { rest, requests: recorded.requests };
  };

  it('klines: asks for 1m from startTime to endTime, reads the array rows (numbers as strings)', async () => {
    const { rest, requests } = restWith(json(fixture('binance-klines-btcusdt-1m.json')));
    const klines = await rest.klines('BTCUSDT', 1793577600000, 1793577779999, 1000);
    expect(requests[0]!.url).toBe(
      'https://api.binance.test/api/v3/klines?symbol=BTCUSDT&interval=1m&startTime=1793577600000&endTime=1793577779999&limit=1000',
    );
    expect(klines).toHaveLength(3);
    expect(klines[1]).toEqual({
      openTime: 1793577660000,
      open: '91255.99000000',
      high: '91280.01000000',
      low: '91240.00000000',
      close: '91240.01000000',
      volume: '8.91011000',
      closeTime: 1793577719999,
    });
  });

  it('ticker/price: the symbols parameter is a JSON array; the answer maps symbol → price', async () => {
    const { rest, requests } = restWith(json(fixture('binance-ticker-price.json')));
    const prices = await rest.tickerPrices(['BTCUSDT', 'ETHUSDT']);
    expect(new URL(requests[0]!.url).searchParams.get('symbols')).toBe('["BTCUSDT","ETHUSDT"]');
    expect(Object.fromEntries(prices)).toEqual({ BTCUSDT: '91190.12000000', ETHUSDT: '3012.45000000' });
  });

  it('exchangeInfo: status and the decimals of tickSize / stepSize', async () => {
    const { rest } = restWith(json(fixture('binance-exchange-info.json')));
    expect(await rest.exchangeInfo(['BTCUSDT', 'ETHUSDT'])).toEqual([
      { symbol: 'BTCUSDT', status: 'TRADING', priceDecimals: 2, qtyDecimals: 5 },
      { symbol: 'ETHUSDT', status: 'BREAK', priceDecimals: 2, qtyDecimals: 4 },
    ]);
  });

  it('malformed bodies are errors, not crashes: truncated JSON, wrong shape, a number sent as a number', async () => {
    const good = fixture('binance-klines-btcusdt-1m.json');
    const { rest } = restWith(
      json(good.slice(0, 80)),
      json('{"code":0,"data":[]}'),
      json(good.replace('"91234.56000000"', '91234.56')),
      json('[{"symbol":"BTCUSDT"}]'),
    );
    await expect(rest.klines('BTCUSDT', 0, 1)).rejects.toBeInstanceOf(UpstreamMalformedError);
    await expect(rest.klines('BTCUSDT', 0, 1)).rejects.toBeInstanceOf(UpstreamMalformedError);
    await expect(rest.klines('BTCUSDT', 0, 1)).rejects.toThrow(/klines/);
    await expect(rest.tickerPrices(['BTCUSDT'])).rejects.toBeInstanceOf(UpstreamMalformedError);
  });

  it('429 and 418 carry their Retry-After', async () => {
    const body = fixture('binance-error-429.json');
    const { rest } = restWith(json(body, 429, { 'retry-after': '7' }), json(body, 418, { 'retry-after': '120' }));
    await expect(rest.klines('BTCUSDT', 0, 1)).rejects.toMatchObject({ status: 429, retryAfterMs: 7_000 });
    await expect(rest.klines('BTCUSDT', 0, 1)).rejects.toMatchObject({ status: 418, retryAfterMs: 120_000 });
  });
});

describe('Binance REST against the fake exchange (policy, budget, weight)', () => {
  let fake: FakeBinance;
  beforeAll(async () => {
    fake = await startFakeBinance();
  });
  afterAll(() => fake.close());
  afterEach(() => {
    Object.assign(fake.faults, { rest: 'ok', restFaultRequests: Infinity, retryAfterSeconds: 1, usedWeight: null });
  });

  const fastPolicy = { baseDelayMs: 5, maxDelayMs: 2_000, maxBudgetWaitMs: 0 };
  const source = () =>
    createBinanceSource({ assets: [BTC, ETH, SOL], cache: createMemoryCache(), baseUrl: fake.url, wsUrl: fake.wsUrl, policy: fastPolicy });

  it('history pages across more than 1,000 candles, closed candles only, each equal to what the fake served', async () => {
    const now = Date.now();
    // The source's clock held still, so a minute turning during the test cannot move the expected count.
    const binance = createBinanceSource({ assets: [BTC], cache: createMemoryCache(), baseUrl: fake.url, policy: fastPolicy, now: () => now });
    const to = Math.floor(now / MINUTE) * MINUTE + 5 * MINUTE; // past the current, open minute
    const from = to - 2_500 * MINUTE - 30_000; // not minute-aligned: starts at the next minute
    const before = fake.requests.length;
    const candles = await binance.history('BTC', from, to);

    const current = Math.floor(now / MINUTE) * MINUTE;
    const expectedFirst = Math.ceil(from / MINUTE) * MINUTE;
    expect(candles.length).toBe((current - expectedFirst) / MINUTE);
    expect(candles[0]!.openTime).toBe(expectedFirst);
    expect(candles.at(-1)!.openTime).toBe(current - MINUTE); // the open minute is left out
    for (let i = 1; i < candles.length; i++) expect(candles[i]!.openTime - candles[i - 1]!.openTime).toBe(MINUTE);
    const pages = fake.requests.slice(before);
    expect(pages.length).toBe(3);
    expect(pages.every((r) => r.path.includes('limit=1000'))).toBe(true);

    const sample = candles[1234]!;
    const served = fake.kline('BTCUSDT', sample.openTime);
    expect(sample).toEqual({
      symbol: 'BTC',
      openTime: served[0],
      open: Number(served[1]).toFixed(2),
      high: Number(served[2]).toFixed(2),
      low: Number(served[3]).toFixed(2),
      close: Number(served[4]).toFixed(2),
      volume: Number(served[5]).toFixed(5),
    });
    expect(sample.close).toMatch(/^\d+\.\d{2}$/);
  });

  it('a 429 with a short Retry-After is waited out and retried; the request succeeds', async () => {
    fake.faults.rest = 'rate-limited';
    fake.faults.restFaultRequests = 1;
    fake.faults.retryAfterSeconds = 1;
    const binance = source();
    const before = fake.requests.length;
    const started = Date.now();
    const prices = await binance.rest.tickerPrices(['BTCUSDT']);
    expect(prices.get('BTCUSDT')).toMatch(/^\d+\.\d{8}$/);
    const seen = fake.requests.slice(before);
    expect(seen).toHaveLength(2);
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(1_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
  });

  it('a 418 ban is not retried, and nothing reaches the exchange until its Retry-After has passed', async () => {
    fake.faults.rest = 'banned';
    fake.faults.retryAfterSeconds = 120;
    const binance = source();
    const before = fake.requests.length;
    await expect(binance.rest.tickerPrices(['BTCUSDT'])).rejects.toMatchObject({ status: 418 });
    expect(fake.requests.length - before).toBe(1);
    fake.faults.rest = 'ok';
    await expect(binance.rest.tickerPrices(['BTCUSDT'])).rejects.toBeInstanceOf(UpstreamCoolingDownError);
    await expect(binance.history('BTC', Date.now() - 10 * MINUTE, Date.now())).rejects.toBeInstanceOf(UpstreamCoolingDownError);
    expect(fake.requests.length - before).toBe(1);
  });

  it('used weight near the limit (X-MBX-USED-WEIGHT-1M) holds every request back until the next minute', async () => {
    const binance = source();
    fake.faults.usedWeight = 5_500;
    await binance.rest.tickerPrices(['BTCUSDT']);
    expect(binance.rest.usedWeight()?.weight).toBe(5_500);
    const before = fake.requests.length;
    await expect(binance.rest.tickerPrices(['BTCUSDT'])).rejects.toBeInstanceOf(UpstreamCoolingDownError);
    expect(fake.requests.length).toBe(before);
  });

  it('a malformed body from the exchange is an error; the source keeps serving afterwards', async () => {
    const binance = source();
    fake.faults.rest = 'malformed';
    fake.faults.restFaultRequests = 1;
    await expect(binance.rest.tickerPrices(['BTCUSDT'])).rejects.toBeInstanceOf(UpstreamMalformedError);
    fake.faults.rest = 'wrong-shape';
    fake.faults.restFaultRequests = 1;
    await expect(binance.rest.klines('BTCUSDT', Date.now() - 5 * MINUTE, Date.now())).rejects.toBeInstanceOf(UpstreamMalformedError);
    expect((await binance.rest.tickerPrices(['BTCUSDT'])).size).toBe(1);
  });

  it('an unknown symbol is the documented -1121 error (HTTP 400), not a crash', async () => {
    const rest = createBinanceRest({ cache: createMemoryCache(), baseUrl: fake.url, policy: fastPolicy });
    await expect(rest.tickerPrices(['NOPEUSDT'])).rejects.toBeInstanceOf(UpstreamHttpError);
  });

  it('the request budget caps what reaches the exchange in a burst', async () => {
    const rest = createBinanceRest({ cache: createMemoryCache(), baseUrl: fake.url, policy: fastPolicy, requestsPerMinute: 30 });
    const before = fake.requests.length;
    const settled = await Promise.allSettled(Array.from({ length: 40 }, () => rest.tickerPrices(['BTCUSDT'])));
    const sent = fake.requests.length - before;
    expect(sent).toBeLessThanOrEqual(10); // 5 a 12-second slot; a burst touches at most two slots
    expect(settled.filter((s) => s.status === 'fulfilled').length).toBe(sent);
  });
});
