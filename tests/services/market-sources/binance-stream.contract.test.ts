import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryCache } from '@/server/infra/cache/memory';
import { aggregateTicks } from '@/server/services/market/candle-buckets';
import { createBinanceSource, type BinanceSourceOptions } from '@/server/services/market/sources/binance/binance-source';
import type { SourceTick } from '@/server/services/market/sources/price-source';
import { startFakeBinance, type FakeBinance } from '../../support/fake-binance';
import { BTC, ETH, fixture, until } from './recorded';

let fake: FakeBinance;
beforeAll(async () => {
  fake = await startFakeBinance();
});
afterAll(() => fake.close());

const stops: (() => void)[] = [];
afterEach(async () => {
  while (stops.length) stops.pop()!();
  Object.assign(fake.faults, { rest: 'ok', restFaultRequests: Infinity, ws: 'ok', pingMs: null, pongTimeoutMs: null, usedWeight: null });
  fake.dropConnections();
  await until(() => fake.openConnections() === 0, 2_000, 'connections closed');
});

/** A started Binance source over the fake; its ticks and reported errors are collected. */
async function started(opts: Partial<BinanceSourceOptions> = {}) {
  const ticks: SourceTick[] = [];
  const errors: unknown[] = [];
  const before = fake.acceptedConnections;
  const source = createBinanceSource({
    assets: [BTC, ETH],
    cache: createMemoryCache(),
    baseUrl: fake.url,
    wsUrl: fake.wsUrl,
    reconnectBaseMs: 20,
    reconnectMaxMs: 100,
    pollMs: 50,
    policy: { baseDelayMs: 5, maxDelayMs: 50, maxBudgetWaitMs: 0 },
    onError: (e) => errors.push(e),
    ...opts,
  });
  const stop = source.start((batch) => ticks.push(...batch));
  stops.push(stop);
  if (fake.faults.ws === 'ok') {
    await until(() => source.status().stream === 'open' && fake.acceptedConnections > before, 3_000, 'stream open');
    // A slow connect (a loaded machine) lets ticker polling run first; the tests look at what follows.
    await new Promise((r) => setImmediate(r));
    ticks.length = 0;
  }
  return { source, ticks, errors, stop };
}

describe('Binance combined stream → ticks', () => {
  it('subscribes to <symbol>@trade for each asset on /stream and reads a recorded trade frame', async () => {
    const { source, ticks } = await started();
    fake.sendRaw(fixture('binance-stream-trade.json'));
    await until(() => ticks.length === 1);
    expect(ticks[0]).toEqual({ symbol: 'BTC', price: '91190.12', volume: '0.00213', ts: 1793577781235 });
    expect(source.lastTickAt('BTC')).toBe(1793577781235);
    expect(source.lastTickAt('ETH')).toBeNull();
  });

  it('trades the fake exchange makes arrive at the asset precision, in order, each once', async () => {
    const { ticks } = await started();
    const made = [fake.trade('BTCUSDT', '97001.50000000', '0.12345678'), fake.trade('ETHUSDT', '3400.10000000', '1.50000000'), fake.trade('BTCUSDT', '97002.00000000', '0.00100000')];
    await until(() => ticks.length === 3);
    expect(ticks.map((t) => [t.symbol, t.price, t.volume, t.ts])).toEqual([
      ['BTC', '97001.50', '0.12346', made[0]!.T],
      ['ETH', '3400.10', '1.5000', made[1]!.T],
      ['BTC', '97002.00', '0.00100', made[2]!.T],
    ]);
    // The same trade again (a reconnect can repeat the tail): dropped by trade id.
    fake.sendRaw(JSON.stringify({ stream: 'btcusdt@trade', data: { e: 'trade', E: 1, s: 'BTCUSDT', t: made[2]!.t, p: '1.00', q: '1.00', T: 1, m: true, M: true } }));
    fake.trade('BTCUSDT', '97003.00000000', '0.00100000');
    await until(() => ticks.length === 4);
    expect(ticks[3]!.price).toBe('97003.00');
  });

  it('streamed trades make, through the ingestor\'s own aggregation, the very candles the exchange serves as klines', async () => {
    const { source, ticks } = await started();
    const minute = Math.floor(Date.now() / 60_000) * 60_000 - 3 * 60_000; // a closed minute
    const prices = ['97010.25000000', '97030.00000000', '96990.10000000', '97005.55000000'];
    prices.forEach((p, i) => fake.trade('BTCUSDT', p, '0.01234000', minute + 1_000 + i * 10_000));
    await until(() => ticks.length === prices.length);
    const [fromTicks] = aggregateTicks(ticks);
    const [fromKlines] = await source.history('BTC', minute, minute + 60_000);
    expect(fromKlines).toEqual({
      symbol: 'BTC',
      openTime: minute,
      open: fromTicks!.open,
      high: fromTicks!.high,
      low: fromTicks!.low,
      close: fromTicks!.close,
      volume: fromTicks!.volume.toFixed(5),
    });
    expect(fromKlines).toMatchObject({ open: '97010.25', high: '97030.00', low: '96990.10', close: '97005.55', volume: '0.04936' });
  });

  it('kline_1m stream: a tick per update with new trades, the volume traded since the last update', async () => {
    const { ticks } = await started({ stream: 'kline_1m' });
    const frames = JSON.parse(fixture('binance-stream-kline.json')) as unknown[];
    for (const frame of frames) fake.sendRaw(JSON.stringify(frame));
    await until(() => ticks.length === 2);
    await new Promise((r) => setTimeout(r, 50));
    expect(ticks).toEqual([
      { symbol: 'BTC', price: '91195.00', volume: '1.20000', ts: 1793577782001 },
      { symbol: 'BTC', price: '91201.55', volume: '0.55000', ts: 1793577786001 },
    ]);
  });

  it('malformed frames are counted and skipped; the stream goes on', async () => {
    const { source, ticks, errors } = await started();
    fake.sendRaw('{"stream":"btcusdt@trade","data":{"e":"trade"');
    fake.sendRaw('[1,2,3]');
    fake.sendRaw(JSON.stringify({ stream: 'btcusdt@trade', data: { e: 'trade', s: 'BTCUSDT', p: 97000 } }));
    fake.trade('BTCUSDT', '97010.00000000', '0.01000000');
    await until(() => ticks.length === 1);
    expect(source.status().malformedFrames).toBe(3);
    expect(errors).toHaveLength(3);
    expect(source.status().stream).toBe('open');
  });
});

describe('Binance stream resilience', () => {
  it('answers a ping with a pong carrying the same payload, so the exchange keeps the connection', async () => {
    fake.faults.pingMs = 40;
    fake.faults.pongTimeoutMs = 200;
    const before = fake.acceptedConnections;
    const { source } = await started();
    fake.ping('payload-1793577781');
    await until(() => fake.pongs.includes('payload-1793577781'));
    await new Promise((r) => setTimeout(r, 500));
    expect(fake.acceptedConnections - before).toBe(1);
    expect(source.status().reconnects).toBe(0);
  });

  it('a client that stops answering pings is dropped by the fake (the check the test above relies on)', async () => {
    // A raw client that never pongs: the fake must cut it, otherwise the pong test proves nothing.
    const { default: WebSocket } = await import('ws');
    fake.faults.pingMs = 30;
    fake.faults.pongTimeoutMs = 100;
    const ws = new WebSocket(`${fake.wsUrl}/stream?streams=btcusdt@trade`, { autoPong: false });
    const closed = new Promise<void>((resolve) => ws.on('close', () => resolve()));
    await closed;
    expect(ws.readyState).toBe(WebSocket.CLOSED);
  });

  it('a dropped connection is reopened with backoff; REST ticker polling covers the gap; then the stream again', async () => {
    const states: string[] = [];
    const { source, ticks } = await started({ onStreamState: (s) => states.push(s) });
    fake.faults.ws = 'refuse';
    const before = fake.requests.length;
    fake.dropConnections();
    await until(() => source.status().polling && ticks.length >= 2, 3_000, 'polled ticks');
    const polled = ticks.at(-1)!;
    expect(polled.symbol === 'BTC' || polled.symbol === 'ETH').toBe(true);
    expect(polled.volume).toMatch(/^0\.0+$/);
    expect(fake.requests.slice(before).every((r) => r.path.startsWith('/api/v3/ticker/price?symbols='))).toBe(true);
    expect(['down', 'connecting']).toContain(source.status().stream);

    fake.faults.ws = 'ok';
    await until(() => source.status().stream === 'open', 3_000, 'reconnected');
    expect(source.status().reconnects).toBeGreaterThanOrEqual(1);
    expect(states[0]).toBe('open');
    expect(states.slice(1, 3)).toEqual(['down', 'connecting']);
    expect(states.at(-1)).toBe('open');
    fake.trade('BTCUSDT', '97100.00000000', '0.50000000');
    await until(() => ticks.at(-1)?.price === '97100.00', 2_000, 'stream tick after reconnect');
    await until(() => !source.status().polling, 1_000, 'polling stopped');
    const afterReconnect = fake.requests.length;
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.requests.length).toBe(afterReconnect);
  });

  it('a connection that goes silent (no frames, no pings) is ended and replaced', async () => {
    fake.faults.ws = 'silent';
    const before = fake.acceptedConnections;
    const { source, ticks } = await started({ silenceTimeoutMs: 150 });
    await until(() => fake.acceptedConnections > before, 2_000, 'silent connection accepted');
    fake.faults.ws = 'ok';
    await until(() => fake.acceptedConnections >= before + 2 && source.status().stream === 'open', 3_000, 'replaced');
    fake.trade('ETHUSDT', '3401.00000000', '0.10000000');
    await until(() => ticks.some((t) => t.price === '3401.00'), 2_000);
  });

  it('before the 24 h cut (here 300 ms) and on serverShutdown a new connection is opened first: no trade lost', async () => {
    const { source, ticks } = await started({ maxConnectionMs: 300 });
    const before = fake.acceptedConnections;
    const sent: string[] = [];
    const feed = setInterval(() => sent.push(fake.trade('BTCUSDT').p), 5);
    await until(() => fake.acceptedConnections >= before + 2, 3_000, 'two rotations');
    fake.shutdownNotice();
    await until(() => fake.acceptedConnections >= before + 3, 3_000, 'rotation on serverShutdown');
    await new Promise((r) => setTimeout(r, 50));
    clearInterval(feed);
    await new Promise((r) => setTimeout(r, 50));
    expect(source.status().reconnects).toBeGreaterThanOrEqual(3);
    expect(fake.openConnections()).toBe(1);
    // Every trade made while the connection changed hands arrived exactly once.
    expect(ticks.map((t) => Number(t.price).toFixed(2))).toEqual(sent.map((p) => Number(p).toFixed(2)));
  });

  it('stop closes the connection and the polling', async () => {
    const { source, stop } = await started();
    stop();
    await until(() => fake.openConnections() === 0, 2_000);
    expect(source.status().stream).toBe('stopped');
    const before = fake.requests.length;
    await new Promise((r) => setTimeout(r, 150));
    expect(fake.requests.length).toBe(before);
  });
});
