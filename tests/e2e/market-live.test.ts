import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUE } from '@/server/services/market/catalogue';
import { startFakeBinance, type FakeBinance } from '../support/fake-binance';
import { startFakeYahoo, type FakeYahoo } from '../support/fake-yahoo';
import { startServer, type RunningServer } from '../support/server';

/**
 * The app with MARKET_SOURCES pointing at local fake Binance (REST + WebSocket) and Yahoo servers: prices and
 * candles are what the fakes served; a dropped stream is reconnected and its minutes backfilled (no missing 1m
 * candle); a source that goes quiet is stale with its age, then fresh again; a closed equity refuses market
 * orders. Real time: it waits for minutes to close, so it takes a couple of minutes.
 */
const MINUTE = 60_000;
let binance: FakeBinance;
let yahoo: FakeYahoo;
let server: RunningServer;
let token: string;
const started = Date.now();
/** Minutes in which the test itself traded on the stream: their stored candle has those trades too. */
const traded = new Set<number>();
const trade = (p: string, q: string) => {
  traded.add(Math.floor(Date.now() / MINUTE) * MINUTE);
  binance.trade('BTCUSDT', p, q);
};

beforeAll(async () => {
  // The fakes list every catalogue symbol the app asks them for, as the real services do.
  binance = await startFakeBinance({
    symbols: CATALOGUE.filter((a) => a.binance).map((a) => ({
      symbol: a.binance!,
      basePrice: Number(a.basePrice),
      priceDecimals: a.pricePrecision,
      qtyDecimals: Math.min(a.qtyPrecision, 5),
    })),
  });
  binance.faults.pingMs = 5_000;
  // AAPL's session ended an hour ago.
  yahoo = await startFakeYahoo({
    symbols: CATALOGUE.filter((a) => a.yahoo).map((a) => ({ symbol: a.yahoo!, basePrice: Number(a.basePrice) })),
    session: { start: started - 8 * 3_600_000, end: started - 3_600_000 },
  });
  server = await startServer({
    env: {
      MARKET_SOURCES: 'crypto=binance,equity=yahoo',
      BINANCE_BASE_URL: binance.url,
      BINANCE_WS_URL: binance.wsUrl,
      YAHOO_BASE_URL: yahoo.url,
    },
  });
  const body = { email: 'live@example.com', password: 'password-123', name: 'Live' };
  const post = (path: string, json: unknown) =>
    fetch(`${server.url}/api/v1${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(json) });
  await post('/auth/register', body);
  token = ((await (await post('/auth/token', { email: body.email, password: body.password })).json()) as { accessToken: string }).accessToken;
}, 300_000);
afterAll(async () => {
  await server?.stop();
  await binance?.close();
  await yahoo?.close();
});

type Tick = { symbol: string; price: string; ts: number; stale: boolean; ageMs: number; session: { open: boolean } | null };
type Candle = { t: number; o: string; h: string; l: string; c: string; v: string };

async function get<T>(path: string): Promise<T> {
  const res = await fetch(`${server.url}/api/v1${path}`);
  expect(res.status, path).toBe(200);
  return ((await res.json()) as { data: T }).data;
}
const price = async (symbol: string) => (await get<Tick[]>(`/prices?symbols=${symbol}`))[0];
async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${server.output().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
/** The fake's kline for a minute as the app stores BTC (2 price decimals, 6 quantity decimals). */
function served(openTime: number): Candle {
  const k = binance.kline('BTCUSDT', openTime);
  return { t: openTime, o: Number(k[1]).toFixed(2), h: Number(k[2]).toFixed(2), l: Number(k[3]).toFixed(2), c: Number(k[4]).toFixed(2), v: Number(k[5]).toFixed(6) };
}
const candles = (from: number, to: number) => get<Candle[]>(`/assets/BTC/candles?interval=1m&from=${from}&to=${to}&limit=1000`);

describe('real market sources (fake Binance and Yahoo)', () => {
  it('prices and candles are what Binance served', async () => {
    // History: the day before start, minute by minute, as the fake's klines.
    const startMinute = Math.floor(started / MINUTE) * MINUTE;
    const from = startMinute - 30 * MINUTE;
    const history = await until('the backfill', async () => {
      const rows = await candles(from, startMinute - MINUTE);
      return rows.length === 30 ? rows : null;
    });
    expect(history).toEqual(Array.from({ length: 30 }, (_, i) => served(from + i * MINUTE)));

    // Live: a trade on the stream is the price, fresh.
    await until('the stream', async () => binance.openConnections() > 0);
    await until('the traded price', async () => {
      trade('97123.45', '0.1');
      const tick = await price('BTC');
      return tick?.price === '97123.45' && tick;
    });
    expect(await price('BTC')).toMatchObject({ price: '97123.45', stale: false, session: null });
  }, 180_000);

  it('the stream dropped: it reconnects and the gap is backfilled, no 1m candle missing', async () => {
    const dropped = Date.now();
    binance.dropConnections();
    await until('the reconnect', async () => binance.openConnections() > 0);
    // The minute of the drop is repaired once it has closed (and the check after it has run).
    const repairedTo = Math.floor(dropped / MINUTE) * MINUTE + MINUTE;
    const from = repairedTo - 40 * MINUTE;
    const expected = Array.from({ length: 40 }, (_, i) => from + i * MINUTE);
    const rows = await until(
      'the gap repair',
      async () => {
        const got = await candles(from, repairedTo - MINUTE);
        const same = got.length === 40 && got.every((c, i) => c.t === expected[i] && (traded.has(c.t) || JSON.stringify(c) === JSON.stringify(served(c.t))));
        return same && got;
      },
      120_000,
    );
    // Every minute is there, and every one the test did not trade in is the fake's kline.
    expect(rows.map((c) => c.t)).toEqual(expected);
    expect(rows.filter((c) => !traded.has(c.t))).toEqual(expected.filter((t) => !traded.has(t)).map(served));
  }, 180_000);

  it('the source down: stale with its age, never another price; then fresh again', async () => {
    // The fake trades only when told to, so first make BTC live again.
    const before = await until('fresh before', async () => {
      trade('97150.00', '0.1');
      const tick = await price('BTC');
      return tick && !tick.stale && tick.price === '97150.00' && tick;
    }, 30_000);
    binance.faults.ws = 'silent';
    binance.faults.rest = 'down';
    binance.dropConnections();
    const stale = await until('stale', async () => {
      const tick = await price('BTC');
      return tick?.stale && tick;
    }, 90_000);
    expect(stale.ageMs).toBeGreaterThan(30_000);
    expect(stale.ageMs).toBeGreaterThanOrEqual(Date.now() - stale.ts - 5_000);
    // The last real price (the last trade, or the last candle repaired from the source), not a made-up one.
    expect(stale.ts).toBeGreaterThanOrEqual(before.ts - MINUTE);

    binance.faults.ws = 'ok';
    binance.faults.rest = 'ok';
    binance.dropConnections();
    await until('the reconnect', async () => binance.openConnections() > 0);
    const fresh = await until('fresh', async () => {
      trade('97200.00', '0.2');
      const tick = await price('BTC');
      return tick && !tick.stale && tick.price === '97200.00' && tick;
    }, 30_000);
    expect(fresh.ageMs).toBeLessThan(10_000);
  }, 180_000);

  it('a closed equity: "market closed" with the last close; market orders refused (422 MARKET_CLOSED)', async () => {
    const aapl = await until('the AAPL status', async () => {
      const tick = await price('AAPL');
      return tick?.session && tick;
    });
    expect(aapl).toMatchObject({ stale: false, session: { open: false } });
    // The session's last minute with trades (the fake leaves some minutes empty, as Yahoo does).
    let last = Math.floor((started - 3_600_000) / MINUTE) * MINUTE;
    while (!yahoo.bar('AAPL', last)) last -= MINUTE;
    const lastBar = yahoo.bar('AAPL', last)!;
    expect(Number(aapl.price)).toBeCloseTo(lastBar.close, 2);

    const res = await fetch(`${server.url}/api/v1/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ symbol: 'AAPL', side: 'buy', type: 'market', qty: '1' }),
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { code: string; message: string; details: { reason: string } } };
    expect(body.error).toMatchObject({ code: 'UNPROCESSABLE', details: { reason: 'MARKET_CLOSED' } });
    expect(body.error.message).toMatch(/AAPL market is closed/);
  });
});
