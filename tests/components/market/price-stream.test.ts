import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { subscribePrices } from '@/components/market/price-stream';
import type { PriceTick } from '@/components/trpc/outputs';

/** A stand-in for the browser's EventSource (Node has none): records what was opened and lets the test send events. */
class TestEventSource extends EventTarget {
  static readonly OPEN = 1;
  static opened: TestEventSource[] = [];
  readyState = 0;
  closed = false;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(readonly url: string) {
    super();
    TestEventSource.opened.push(this);
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  send(type: 'price' | 'snapshot', data: unknown) {
    this.dispatchEvent(new MessageEvent(type, { data: JSON.stringify(data) }));
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
}

const tick = (symbol: string, price: string): PriceTick =>
  ({ symbol, price, ts: Date.now(), change24h: null, stale: false, ageMs: 0, session: null }) as PriceTick;

describe('subscribePrices', () => {
  beforeEach(() => {
    TestEventSource.opened = [];
    (globalThis as { EventSource?: unknown }).EventSource = TestEventSource;
  });
  afterEach(() => {
    delete (globalThis as { EventSource?: unknown }).EventSource;
  });

  it('shares one connection per symbol set; a late listener gets the latest prices; the last one out closes it', async () => {
    const a: PriceTick[][] = [];
    const b: PriceTick[][] = [];
    const stopA = subscribePrices(['BTC'], { onTicks: (t) => a.push(t) });
    const [source] = TestEventSource.opened;
    expect(source!.url).toBe('/api/v1/stream/prices?symbols=BTC');
    source!.open();
    source!.send('snapshot', [tick('BTC', '100.00')]);
    source!.send('price', tick('BTC', '101.00'));

    const connected: boolean[] = [];
    const stopB = subscribePrices(['BTC', 'BTC'], { onTicks: (t) => b.push(t), onConnected: (c) => connected.push(c) });
    expect(TestEventSource.opened).toHaveLength(1);
    await Promise.resolve(); // the join is delivered in a microtask
    expect(b.map((batch) => batch.map((t) => t.price))).toEqual([['101.00']]);
    expect(connected).toEqual([true]);

    source!.send('price', tick('BTC', '102.00'));
    expect(a.flat().map((t) => t.price)).toEqual(['100.00', '101.00', '102.00']);
    expect(b.flat().map((t) => t.price)).toEqual(['101.00', '102.00']);

    // Another set is another connection.
    const stopC = subscribePrices(['ETH', 'BTC'], { onTicks: () => {} });
    expect(TestEventSource.opened.map((s) => s.url)).toEqual(['/api/v1/stream/prices?symbols=BTC', '/api/v1/stream/prices?symbols=BTC%2CETH']);

    stopA();
    expect(source!.closed).toBe(false);
    stopB();
    expect(source!.closed).toBe(true);
    stopC();
    // A new subscriber after the close opens a fresh connection.
    subscribePrices(['BTC'], { onTicks: () => {} })();
    expect(TestEventSource.opened).toHaveLength(3);
  });
});
