import { EventSource } from 'eventsource';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldErrorsFrom } from '@/components/forms/field-errors';
import { createPrimeTradeClient, isPrimeTradeError } from '@/server/client';
import type { PriceTick } from '@/server/services/market/price-tick';
import { CookieBrowser } from '../support/cookie-browser';
import { startServer, type RunningServer } from '../support/server';

interface Received {
  type: string;
  id: string;
  data: unknown;
  at: number;
}

/** A real EventSource on the REST door, recording every event; `lastEventId` resumes like a reconnect. */
function listen(url: string, opts: { lastEventId?: string } = {}) {
  const events: Received[] = [];
  const source = new EventSource(url, {
    fetch: (input, init) =>
      fetch(input, { ...init, headers: { ...init.headers, ...(opts.lastEventId ? { 'Last-Event-ID': opts.lastEventId } : {}) } }),
  });
  for (const type of ['price', 'snapshot']) {
    source.addEventListener(type, (e) => events.push({ type, id: e.lastEventId, data: JSON.parse(e.data), at: Date.now() }));
  }
  return { source, events };
}

async function until(check: () => boolean, ms: number, what: string) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('market data over HTTP (next start)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ env: { MARKET_BACKFILL_DAYS: '1' } });
  });
  afterAll(async () => server?.stop());

  it('an EventSource client receives a snapshot, then price events within 2 s', async () => {
    const opened = Date.now();
    const { source, events } = listen(`${server.url}/api/v1/stream/prices?symbols=BTC,ETH`);
    try {
      await until(() => events.some((e) => e.type === 'price'), 2_000, 'a price event');
      expect(events[0]!.type).toBe('snapshot');
      const price = events.find((e) => e.type === 'price')!;
      expect(price.at - opened).toBeLessThan(2_000);
      expect(price.id).toMatch(/^\d+-\d+$/);
      expect(price.data).toEqual({ symbol: expect.stringMatching(/^(BTC|ETH)$/), price: expect.stringMatching(/^\d+\.\d{2}$/), ts: expect.any(Number), change24h: null, stale: false, ageMs: expect.any(Number), session: null });
      expect(events.filter((e) => e.type === 'price').every((e) => ['BTC', 'ETH'].includes((e.data as PriceTick).symbol))).toBe(true);
    } finally {
      source.close();
    }
  });

  it('reconnecting with Last-Event-ID delivers exactly the events missed while away', async () => {
    const url = `${server.url}/api/v1/stream/prices?symbols=BTC,SOL`;
    // A client that stays connected throughout is the reference for what was published.
    const control = listen(url);
    const client = listen(url);
    await until(() => client.events.filter((e) => e.type === 'price').length >= 3, 5_000, 'three prices');
    client.source.close();
    const lastSeen = client.events.at(-1)!.id;
    const seenAtClose = control.events.length;
    await until(() => control.events.length >= seenAtClose + 5, 5_000, 'events published while away');

    const resumed = listen(url, { lastEventId: lastSeen });
    try {
      await until(() => resumed.events.length >= 8, 5_000, 'replayed events');
      expect(resumed.events[0]!.type).toBe('price'); // a resume, not a fresh snapshot
      const reference = control.events.filter((e) => e.type === 'price').map((e) => e.id);
      const from = reference.indexOf(lastSeen);
      expect(from).toBeGreaterThanOrEqual(0);
      const got = resumed.events.map((e) => e.id).slice(0, 8);
      expect(got).toEqual(reference.slice(from + 1, from + 1 + got.length));
    } finally {
      control.source.close();
      resumed.source.close();
    }
  });

  it('the typed client subscription receives tracked events; public reads carry CDN headers and field errors', async () => {
    const pt = createPrimeTradeClient({ url: server.url, EventSource });
    const got: { id: string; type: string }[] = [];
    const sub = pt.stream.prices.subscribe(
      { symbols: ['SOL'] },
      { onData: ({ id, data }) => got.push({ id, type: data.type }), onError: (e) => got.push({ id: 'error', type: String(e) }) },
    );
    try {
      await until(() => got.some((e) => e.type === 'price'), 3_000, 'a subscription price');
      expect(got[0]!.type).toBe('snapshot');
      expect(got.find((e) => e.type === 'price')!.id).toMatch(/^\d+-\d+$/);
    } finally {
      sub.unsubscribe();
    }

    const [snapshot] = await pt.market.snapshot.query({ symbols: ['BTC'] });
    expect(snapshot!.symbol).toBe('BTC');
    const res = await fetch(`${server.url}/api/trpc/node/market.snapshot?input=${encodeURIComponent(JSON.stringify({ json: { symbols: ['BTC'] } }))}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/^public, s-maxage=\d+, stale-while-revalidate=\d+$/);

    const error = await pt.market.candles.query({ symbol: 'BTC', interval: '1m', limit: 5_000 }).catch((e: unknown) => e);
    expect(isPrimeTradeError(error)).toBe(true);
    if (isPrimeTradeError(error)) {
      expect(error.data?.httpStatus).toBe(400);
      expect(fieldErrorsFrom(error)).toHaveProperty('limit');
    }
    const candles = await pt.market.candles.query({ symbol: 'BTC', interval: '1h', limit: 24 });
    expect(candles.candles.length).toBeGreaterThan(0);
  });

  it('streams to a signed-in browser session too (its cookie is read without a request scope)', async () => {
    await createPrimeTradeClient({ url: server.url }).auth.register.mutate({ email: 'streamer@example.com', password: 'password-123', name: 'S' });
    const browser = new CookieBrowser(server.url);
    await browser.signIn('streamer@example.com', 'password-123');
    expect([...browser.cookies.keys()].some((k) => k.includes('authjs.session-token'))).toBe(true);
    const controller = new AbortController();
    try {
      const res = await browser.fetch('/api/v1/stream/prices?symbols=BTC', { signal: controller.signal });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      let text = '';
      while (!text.includes('event: price')) text += (await reader.read()).value ?? '';
      expect(text).toContain('event: snapshot');
    } finally {
      controller.abort();
    }
  });

  it('the REST door refuses unknown symbols', async () => {
    const res = await fetch(`${server.url}/api/v1/stream/prices?symbols=NOPE`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'NOT_FOUND', details: { symbols: ['NOPE'] } } });
  });
});
