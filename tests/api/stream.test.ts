import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Infra } from '@/server/infra/infra';
import { createIngestor, type Ingestor } from '@/server/services/market/ingestor';
import { getPriceHub } from '@/server/services/market/price-hub';
import { streamPricesTo } from '@/server/services/market/price-stream';
import { seedAssets } from '@/server/services/market/seed-assets';
import { callerFor } from '../support/caller';
import { createTestInfra } from '../support/infra';
import { FakeResponse, until } from '../support/sse-response';

const settle = () => new Promise((r) => setTimeout(r, 10));

/** A server-side caller receives tracked events as [id, data] envelopes at run time (HTTP clients get { id, data }). */
async function nextEvent(it: AsyncIterator<unknown>): Promise<{ id: string; data: unknown }> {
  const value = (await it.next()).value as [string, unknown] | { id: string; data: unknown };
  return Array.isArray(value) ? { id: value[0], data: value[1] } : value;
}

describe('live price doors', () => {
  let infra: Infra;
  let ingestor: Ingestor;
  beforeAll(async () => {
    infra = await createTestInfra();
    await seedAssets(infra.db);
    await getPriceHub(infra.bus).start();
    ingestor = createIngestor(infra, { flushMs: 60_000 });
  });
  afterAll(async () => {
    await ingestor.stop();
    await getPriceHub(infra.bus).stop();
    await infra.close();
  });

  const push = async (symbol: string, price: string) => {
    await ingestor.ingest([{ symbol, price, volume: '1', ts: Date.now() }]);
    await settle();
  };

  it('stream.prices yields a tracked snapshot, then tracked prices for the asked symbols', async () => {
    await push('BTC', '100.00');
    const iterable = await callerFor(infra).stream.prices({ symbols: ['BTC'] });
    const it = iterable[Symbol.asyncIterator]();
    const first = await nextEvent(it);
    expect(first.data).toEqual({ type: 'snapshot', ticks: [expect.objectContaining({ symbol: 'BTC', price: '100.00' })] });
    expect(first.id).toMatch(/^\d+-\d+$/);
    await push('ETH', '5.00');
    await push('BTC', '101.00');
    const second = await nextEvent(it);
    expect(second.data).toEqual({ type: 'price', tick: expect.objectContaining({ symbol: 'BTC', price: '101.00' }) });
    await it.return?.();
  });

  it('stream.prices resumes from lastEventId with the missed events only', async () => {
    const live = (await callerFor(infra).stream.prices(undefined))[Symbol.asyncIterator]();
    const snapshot = await nextEvent(live);
    await live.return?.();
    await push('SOL', '1.000');
    await push('ETH', '6.00');
    const resumed = (await callerFor(infra).stream.prices({ lastEventId: snapshot.id }))[Symbol.asyncIterator]();
    const a = await nextEvent(resumed);
    const b = await nextEvent(resumed);
    expect([a.data, b.data]).toEqual([
      { type: 'price', tick: expect.objectContaining({ symbol: 'SOL', price: '1.000' }) },
      { type: 'price', tick: expect.objectContaining({ symbol: 'ETH', price: '6.00' }) },
    ]);
    await resumed.return?.();
  });

  it('refuses unknown symbols with NOT_FOUND and malformed ids with BAD_REQUEST', async () => {
    await expect(callerFor(infra).stream.prices({ symbols: ['NOPE'] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(callerFor(infra).stream.prices({ lastEventId: 'yesterday' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('the SSE door writes event/id/data frames for the filter only', async () => {
    await push('ETH', '6.50');
    const res = new FakeResponse();
    await streamPricesTo(getPriceHub(infra.bus), { ...infra, identity: 'ip:test-sse', symbols: ['ETH'] }, res, {});
    await push('BTC', '102.00');
    await push('ETH', '7.00');
    await until(() => res.text.includes('event: price'));
    res.destroy();
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/^retry: \d+\n\n/);
    expect(res.text).toMatch(/event: snapshot\nid: \d+-\d+\ndata: \[\{"symbol":"ETH"/);
    const price = /event: price\nid: (\d+-\d+)\ndata: (.+)\n\n/.exec(res.text)!;
    expect(JSON.parse(price[2]!)).toMatchObject({ symbol: 'ETH', price: '7.00' });
    expect(res.text).not.toContain('"BTC"');
  });

  it('the SSE door coalesces while the socket buffer is full and catches the client up on drain', async () => {
    const res = new FakeResponse();
    await streamPricesTo(getPriceHub(infra.bus), { ...infra, identity: 'ip:test-slow', symbols: ['SOL'] }, res, {});
    res.stall();
    // The client stops reading: a few frames fill its buffer, the rest is held as the latest SOL price only.
    for (let i = 0; i < 20; i++) await push('SOL', `${i}.00`);
    expect(res.writableLength).toBeLessThan(2_048);
    // Reading again drains the buffer, and the drain releases the held price without waiting for another tick.
    res.resume();
    await until(() => res.text.includes('"19.00"'));
    res.destroy();
    const prices = [...res.text.matchAll(/"price":"(\d+)\.00"/g)].map((m) => Number(m[1]));
    const buffered = prices.length - 1;
    expect(buffered).toBeGreaterThan(0);
    expect(buffered).toBeLessThan(19);
    expect(prices).toEqual([...Array.from({ length: buffered }, (_, i) => i), 19]);
  });

  it('the SSE door frees its place when the client goes away', async () => {
    const hub = getPriceHub(infra.bus);
    await settle();
    const before = hub.connections;
    const res = new FakeResponse();
    await streamPricesTo(hub, { ...infra, identity: 'ip:test-gone' }, res, {});
    expect(hub.connections).toBe(before + 1);
    res.destroy();
    await until(() => hub.connections === before);
  });
});
