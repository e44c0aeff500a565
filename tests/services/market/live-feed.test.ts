import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queryRows } from '@/server/infra/db/types';
import type { Infra } from '@/server/infra/infra';
import { startMarketFeed, type MarketFeed } from '@/server/services/market/market-feed';
import { getLatestTick, getSymbolStatus, PRICE_TOPIC, type PriceTick } from '@/server/services/market/price-tick';
import { getSnapshot } from '@/server/services/market/snapshot';
import { createBinanceSource } from '@/server/services/market/sources/binance/binance-source';
import { binanceFeedSource, yahooFeedSource } from '@/server/services/market/sources/configured-sources';
import { createYahooSource } from '@/server/services/market/sources/yahoo/yahoo-source';
import { placeOrder } from '@/server/services/trading/place-order';
import { ensureAccount } from '@/server/services/trading/accounts';
import { startFakeBinance, type FakeBinance } from '../../support/fake-binance';
import { startFakeYahoo, type FakeYahoo } from '../../support/fake-yahoo';
import { createTestInfra } from '../../support/infra';
import { insertUser, manualClock, tradingDeps } from '../../support/trading';

const MINUTE = 60_000;
const M = Math.floor(Date.now() / MINUTE) * MINUTE;
/** A little while longer than any of these steps takes on a busy machine. */
async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 10_000) {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

let infra: Infra;
let feed: MarketFeed | null = null;
let binance: FakeBinance | null = null;
let yahoo: FakeYahoo | null = null;
const time = manualClock(M + 30_000);

beforeEach(async () => {
  time.set(M + 30_000);
  infra = await createTestInfra({ clock: time.clock });
});
afterEach(async () => {
  await feed?.stop();
  await binance?.close();
  await yahoo?.close();
  feed = binance = yahoo = null;
  await infra.close();
});

type Row = { bucket: number; open: string; high: string; low: string; close: string; volume: string };
async function stored(symbol: string, interval: string, from: number, to: number): Promise<Row[]> {
  return queryRows<Row>(
    infra.db,
    sql`select (extract(epoch from bucket) * 1000)::bigint::float8 as bucket, open::text, high::text, low::text, close::text, volume::text
        from candles where symbol = ${symbol} and interval = ${interval}::candle_interval
          and bucket >= to_timestamp(${from} / 1000.0) and bucket < to_timestamp(${to} / 1000.0) order by bucket`,
  );
}

/** The fake's kline for a minute as the product stores it (BTC: 2 price decimals, 6 quantity decimals). */
function servedKline(fake: FakeBinance, openTime: number) {
  const k = fake.kline('BTCUSDT', openTime);
  return { bucket: openTime, open: Number(k[1]), high: Number(k[2]), low: Number(k[3]), close: Number(k[4]), volume: Number(k[5]) };
}
const asNumbers = (rows: Row[]) =>
  rows.map((r) => ({ bucket: Number(r.bucket), open: Number(r.open), high: Number(r.high), low: Number(r.low), close: Number(r.close), volume: Number(r.volume) }));

describe('live market feed over Binance (local fake REST + WebSocket)', () => {
  it('backfills from klines, streams trades, marks a dropped stream stale with its age, repairs the gap, comes back fresh', async () => {
    binance = await startFakeBinance({ now: time.clock });
    const fake = binance;
    fake.faults.pingMs = 100; // a live connection is never silent; a `silent` one sends no pings either
    const source = createBinanceSource({
      assets: [{ symbol: 'BTC', sourceSymbol: 'BTCUSDT', pricePrecision: 2, qtyPrecision: 6 }],
      cache: infra.cache,
      baseUrl: fake.url,
      wsUrl: fake.wsUrl,
      pollMs: 3_600_000, // no REST polling here: the outage is total
      reconnectBaseMs: 20,
      reconnectMaxMs: 100,
      silenceTimeoutMs: 500,
      now: time.clock,
    });
    const events: PriceTick[] = [];
    await infra.bus.subscribe<PriceTick>(PRICE_TOPIC, (e) => {
      if (e.data.symbol === 'BTC') events.push(e.data);
    });
    feed = await startMarketFeed(infra, {
      backfillDays: 10 / 1440,
      maintenanceMs: 3_600_000,
      live: () => [binanceFeedSource(source)],
      liveOptions: { checkMs: 3_600_000, reconcileMs: 0, settleMs: 0 },
    });
    await feed.backfilled;

    // Start-up: the ten closed minutes before now, exactly as the fake served them; BTC is not simulated.
    const history = await stored('BTC', '1m', M - 10 * MINUTE, M + MINUTE);
    expect(asNumbers(history)).toEqual(Array.from({ length: 10 }, (_, i) => servedKline(fake, M - (10 - i) * MINUTE)));
    expect(feed.simulated).not.toContain('BTC');
    expect(feed.simulated).toContain('ETH');
    expect(await stored('BTC', '1m', 0, M - 10 * MINUTE)).toEqual([]); // no synthetic history either
    const fiveMinute = M - 5 * MINUTE;
    const [rolled] = await stored('BTC', '5m', fiveMinute, fiveMinute + 1);
    if (fiveMinute % (5 * MINUTE) === 0) {
      expect(Number(rolled!.volume)).toBeCloseTo(history.slice(5).reduce((s, r) => s + Number(r.volume), 0), 6);
    }

    // Live: a trade on the stream is the price.
    await until('the stream', () => source.status().stream === 'open');
    const tradeAt = time.now() + 1_000;
    fake.trade('BTCUSDT', '97100.25', '0.5', tradeAt);
    await until('the tick', async () => (await getLatestTick(infra.cache, 'BTC'))?.price === '97100.25');
    time.set(tradeAt);
    await feed.live!.check();
    expect(await getSnapshot({ ...infra, clock: time.clock }, ['BTC'])).toEqual([
      { symbol: 'BTC', price: '97100.25', ts: tradeAt, change24h: null, stale: false, ageMs: 0, session: null },
    ]);

    // The stream drops; each new connection stays silent (and is given up): no price is made up, the
    // symbol is stale with its age.
    fake.faults.ws = 'silent';
    fake.dropConnections();
    await until('a reconnect', () => source.status().reconnects > 0);
    time.set(M + 3 * MINUTE + 10_000);
    await feed.live!.check();
    expect(await getSymbolStatus(infra.cache, 'BTC')).toMatchObject({ source: 'binance', stale: true, lastTickAt: tradeAt });
    const [down] = await getSnapshot({ ...infra, clock: time.clock }, ['BTC']);
    expect(down).toMatchObject({ symbol: 'BTC', stale: true });
    expect(down!.ageMs).toBe(time.now() - down!.ts);
    expect(down!.ageMs).toBeGreaterThan(0);
    expect(events.at(-1)).toMatchObject({ symbol: 'BTC', price: '97100.25', ts: tradeAt, stale: true });
    // Minutes since the stream was last whole are re-read from klines: M .. M+2 are the fake's, none missing.
    expect(asNumbers(await stored('BTC', '1m', M, M + 3 * MINUTE))).toEqual([0, 1, 2].map((i) => servedKline(fake, M + i * MINUTE)));

    // The stream comes back: fresh again, and the minute it came back in is repaired once it has closed.
    fake.faults.ws = 'ok';
    const reconnects = source.status().reconnects;
    fake.dropConnections();
    await until('the reconnect', () => source.status().reconnects > reconnects && fake.openConnections() > 0);
    await new Promise((r) => setTimeout(r, 100));
    fake.trade('BTCUSDT', '97200.00', '0.25', time.now());
    await until('the new tick', async () => (await getLatestTick(infra.cache, 'BTC'))?.price === '97200.00');
    await feed.live!.check();
    expect(await getSnapshot({ ...infra, clock: time.clock }, ['BTC'])).toMatchObject([{ price: '97200.00', stale: false, ageMs: 0 }]);
    expect(events.at(-1)).toMatchObject({ price: '97200.00', stale: false });
    time.set(M + 4 * MINUTE + 5_000);
    await feed.live!.check();
    expect(asNumbers(await stored('BTC', '1m', M - 10 * MINUTE, M + 4 * MINUTE))).toEqual(
      Array.from({ length: 14 }, (_, i) => servedKline(fake, M + (i - 10) * MINUTE)),
    );
  });
});

describe('live market feed over Yahoo (local fake chart API)', () => {
  it('a closed session is not stale: the price is the last close, marked closed, and market orders are refused', async () => {
    // The session ended an hour ago (and opened seven hours before that).
    yahoo = await startFakeYahoo({ now: time.clock, session: { start: M - 8 * 3_600_000, end: M - 3_600_000 } });
    const source = createYahooSource({
      assets: [{ symbol: 'AAPL', sourceSymbol: 'AAPL', pricePrecision: 2, qtyPrecision: 0 }],
      cache: infra.cache,
      baseUrl: yahoo.url,
      now: time.clock,
    });
    feed = await startMarketFeed(infra, {
      backfillDays: 1,
      maintenanceMs: 3_600_000,
      live: () => [yahooFeedSource(source)],
      liveOptions: { checkMs: 3_600_000, reconcileMs: 0, settleMs: 0 },
    });
    await feed.backfilled;
    await source.refresh('AAPL');
    time.advance(10 * MINUTE); // long past any staleness limit
    await feed.live!.check();

    // After the session Yahoo's regularMarketPrice is the official close: the price shown, even when the
    // session's last minute had no trade (the fake leaves every 11th minute empty, as Yahoo's nulls do).
    const lastClose = yahoo.price('AAPL');
    const [aapl] = await getSnapshot({ ...infra, clock: time.clock }, ['AAPL']);
    expect(aapl).toMatchObject({ symbol: 'AAPL', stale: false, session: { open: false, timeZone: 'America/New_York' } });
    expect(Number(aapl!.price)).toBeCloseTo(lastClose, 2);
    // The history ends there too: the session's last minute closes at the official close.
    const [lastMinute] = await queryRows<{ close: string; bucket: Date }>(
      infra.db,
      sql`select close::text, bucket from candles where symbol = 'AAPL' and interval = '1m' order by bucket desc limit 1`,
    );
    expect(Number(lastMinute!.close)).toBeCloseTo(lastClose, 2);
    expect(new Date(lastMinute!.bucket).getTime()).toBe(M - 3_600_000 - MINUTE);
    expect(aapl!.ageMs).toBeGreaterThan(3_600_000);

    const user = await insertUser(infra);
    await ensureAccount(infra.db, user.id);
    const refused = await placeOrder(tradingDeps(infra, time.clock), user.id, {
      symbol: 'AAPL', side: 'buy', type: 'market', qty: '1', timeInForce: 'gtc',
    }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'UNPROCESSABLE', reason: 'MARKET_CLOSED' });
    expect((refused as Error).message).toMatch(/AAPL market is closed/);
  });
});
