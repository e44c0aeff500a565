import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startFakeBinance, type FakeBinance } from '../../support/fake-binance';
import { startFakeYahoo, type FakeYahoo } from '../../support/fake-yahoo';
import { fixture } from './recorded';

/**
 * The fakes must answer in the shapes the providers answer (the recorded fixtures): same keys, same JSON
 * types at every depth, same array row lengths. Otherwise adapter tests against them would prove little.
 */
function shapeOf(value: unknown): unknown {
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    const kinds = [...new Set(value.map((v) => JSON.stringify(shapeOf(v))))].sort();
    return { array: kinds.map((k) => JSON.parse(k) as unknown) };
  }
  if (typeof value === 'object') {
    return Object.fromEntries(Object.keys(value as object).sort().map((k) => [k, shapeOf((value as Record<string, unknown>)[k])]));
  }
  return typeof value;
}

/** The keys of `recorded` (recursively) that `served` lacks, or whose JSON type differs. */
function missing(recorded: unknown, served: unknown, at = '$'): string[] {
  if (recorded === null || served === null) return recorded === served || recorded === null ? [] : [`${at} is null where the recording has a value`];
  if (Array.isArray(recorded)) {
    if (!Array.isArray(served)) return [`${at} is not an array`];
    // Arrays may hold nulls (Yahoo's minutes without trades): compare the first values that are not null.
    const r = recorded.find((v) => v !== null);
    const s = served.find((v) => v !== null);
    if (r === undefined || s === undefined) return [];
    return missing(r, s, `${at}[]`);
  }
  if (typeof recorded === 'object') {
    if (typeof served !== 'object' || Array.isArray(served)) return [`${at} is not an object`];
    return Object.keys(recorded as object).flatMap((k) =>
      k in (served as object)
        ? missing((recorded as Record<string, unknown>)[k], (served as Record<string, unknown>)[k], `${at}.${k}`)
        : [`${at}.${k} is missing`],
    );
  }
  return typeof recorded === typeof served ? [] : [`${at} is ${typeof served}, recorded ${typeof recorded}`];
}

let binance: FakeBinance;
let yahoo: FakeYahoo;
beforeAll(async () => {
  [binance, yahoo] = await Promise.all([startFakeBinance(), startFakeYahoo()]);
});
afterAll(() => Promise.all([binance.close(), yahoo.close()]));

const get = async (url: string) => (await fetch(url, { headers: { 'user-agent': 'Mozilla/5.0 test' } })).json() as Promise<unknown>;

describe('fake Binance speaks the recorded shapes', () => {
  it('klines rows have the twelve documented fields with the recorded types', async () => {
    const served = (await get(`${binance.url}/api/v3/klines?symbol=BTCUSDT&interval=1m&limit=3`)) as unknown[][];
    const recorded = JSON.parse(fixture('binance-klines-btcusdt-1m.json')) as unknown[][];
    expect(served).toHaveLength(3);
    expect(served[0]).toHaveLength(recorded[0]!.length);
    expect(shapeOf(served)).toEqual(shapeOf(recorded));
  });

  it('ticker/price, exchangeInfo, error bodies', async () => {
    expect(shapeOf(await get(`${binance.url}/api/v3/ticker/price?symbols=${encodeURIComponent('["BTCUSDT","ETHUSDT"]')}`))).toEqual(
      shapeOf(JSON.parse(fixture('binance-ticker-price.json'))),
    );
    const info = await get(`${binance.url}/api/v3/exchangeInfo?symbols=${encodeURIComponent('["BTCUSDT"]')}`);
    const recordedInfo = JSON.parse(fixture('binance-exchange-info.json')) as { symbols: unknown[] };
    expect(missing({ ...recordedInfo, symbols: recordedInfo.symbols.slice(0, 1) }, info)).toEqual([]);
    binance.faults.rest = 'rate-limited';
    binance.faults.restFaultRequests = 1;
    expect(shapeOf(await get(`${binance.url}/api/v3/klines?symbol=BTCUSDT&interval=1m`))).toEqual(shapeOf(JSON.parse(fixture('binance-error-429.json'))));
  });

  it('stream frames: combined {stream, data} with the documented trade and kline payloads', async () => {
    const ws = new WebSocket(`${binance.wsUrl}/stream?streams=btcusdt@trade/btcusdt@kline_1m`);
    const frames: unknown[] = [];
    ws.on('message', (data) => frames.push(JSON.parse(String(data))));
    await new Promise((resolve) => ws.on('open', resolve));
    binance.trade('BTCUSDT');
    while (frames.length < 2) await new Promise((r) => setTimeout(r, 10));
    ws.close();
    const trade = frames.find((f) => (f as { stream: string }).stream === 'btcusdt@trade');
    const kline = frames.find((f) => (f as { stream: string }).stream === 'btcusdt@kline_1m');
    expect(shapeOf(trade)).toEqual(shapeOf(JSON.parse(fixture('binance-stream-trade.json'))));
    expect(shapeOf(kline)).toEqual(shapeOf((JSON.parse(fixture('binance-stream-kline.json')) as unknown[])[0]));
  });
});

describe('fake Binance as a live market', () => {
  it('feed(n) streams about n trades a second until stopped', async () => {
    const ws = new WebSocket(`${binance.wsUrl}/stream?streams=btcusdt@trade/ethusdt@trade/solusdt@trade`);
    let frames = 0;
    ws.on('message', () => frames++);
    await new Promise((resolve) => ws.on('open', resolve));
    const stop = binance.feed(200);
    await new Promise((r) => setTimeout(r, 500));
    stop();
    await new Promise((r) => setTimeout(r, 100));
    const seen = frames;
    await new Promise((r) => setTimeout(r, 150));
    ws.close();
    expect(seen).toBeGreaterThanOrEqual(40);
    expect(seen).toBeLessThanOrEqual(110);
    expect(frames).toBe(seen);
  });
});

describe('fake Yahoo speaks the recorded shapes', () => {
  it('the 1m chart has the recorded meta, trading periods and quote arrays (with nulls)', async () => {
    const served = (await get(`${yahoo.url}/v8/finance/chart/AAPL?interval=1m&range=1d`)) as {
      chart: { result: { indicators: { quote: { close: (number | null)[] }[] } }[] };
    };
    const recorded = JSON.parse(fixture('yahoo-chart-aapl-1m-open.json')) as unknown;
    expect(missing(recorded, served)).toEqual([]);
    expect(served.chart.result[0]!.indicators.quote[0]!.close).toContain(null);
  });

  it('unknown symbols and refused ranges answer the recorded chart.error shape', async () => {
    const notFound = await fetch(`${yahoo.url}/v8/finance/chart/NOPE?interval=1m&range=1d`, { headers: { 'user-agent': 'x' } });
    expect(notFound.status).toBe(404);
    expect(shapeOf(await notFound.json())).toEqual(shapeOf(JSON.parse(fixture('yahoo-chart-not-found.json'))));
    const old = Math.floor(Date.now() / 1000) - 40 * 86_400;
    const tooOld = await fetch(`${yahoo.url}/v8/finance/chart/AAPL?interval=1m&period1=${old}&period2=${old + 86_400}`, { headers: { 'user-agent': 'x' } });
    expect(tooOld.status).toBe(422);
    expect(shapeOf(await tooOld.json())).toEqual(shapeOf(JSON.parse(fixture('yahoo-chart-range-too-old.json'))));
  });
});
