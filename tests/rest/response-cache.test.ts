import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '@/server/api/trpc';
import { sharedFreshnessMs } from '@/server/http/cache-control';
import type { Cache } from '@/server/infra/cache/types';
import type { Infra } from '@/server/infra/infra';
import { getMetrics } from '@/server/observability/metrics';
import { handleRest } from '@/server/rest/handler';
import { operations } from '@/server/rest/operations';
import { createResponseCache, responseCacheKey, type ResponseCache } from '@/server/rest/response-cache';
import { forecastCacheKey, type ForecastEntry } from '@/server/services/forecast/get-forecast';
import { createIngestor } from '@/server/services/market/ingestor';
import { seedAssets } from '@/server/services/market/seed-assets';
import { createTestInfra } from '../support/infra';

/**
 * The REST response cache: public answers' bytes kept in this process for what their own
 * `public, s-maxage` (less `Age`) allows, for anonymous GETs of operations marked `publicCache`.
 */

describe('response cache (unit)', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);
  const headers = (h: Record<string, string>) => new Headers(h);

  it('a hit returns the stored bytes and content headers, with Age brought up to now; per-request headers are not kept', () => {
    let now = 1_000_000;
    const cache = createResponseCache({ clock: () => now });
    const body = bytes('{"a":1}');
    cache.put('k', { body, headers: headers({ 'content-type': 'application/json', 'cache-control': 'public, s-maxage=60', age: '5', 'x-request-id': 'r1', 'x-ratelimit-remaining': '9' }) }, 55_000);
    now += 10_000;
    const hit = cache.get('k')!;
    expect(Buffer.from(hit.body).toString()).toBe('{"a":1}');
    expect(hit.headers.get('content-type')).toBe('application/json');
    expect(hit.headers.get('cache-control')).toBe('public, s-maxage=60');
    expect(hit.headers.get('age')).toBe('15');
    expect(hit.headers.has('x-request-id')).toBe(false);
    expect(hit.headers.has('x-ratelimit-remaining')).toBe(false);
  });

  it('honours the freshness it was given: fresh until then, gone after; nothing stored without freshness', () => {
    let now = 0;
    const cache = createResponseCache({ clock: () => now });
    cache.put('k', { body: bytes('x'), headers: headers({}) }, 10_000);
    cache.put('stale', { body: bytes('y'), headers: headers({}) }, 0);
    now = 9_999;
    expect(cache.get('k')).not.toBeNull();
    expect(cache.get('stale')).toBeNull();
    now = 10_000;
    expect(cache.get('k')).toBeNull();
  });

  it('is bounded: the least recently used entry goes first', () => {
    const cache = createResponseCache({ maxEntries: 2 });
    const put = (k: string) => cache.put(k, { body: bytes(k), headers: headers({}) }, 60_000);
    put('a');
    put('b');
    expect(cache.get('a')).not.toBeNull(); // a is now the more recent
    put('c');
    expect(cache.get('b')).toBeNull();
    expect(cache.get('a')).not.toBeNull();
    expect(cache.get('c')).not.toBeNull();
  });

  it('keys: query order does not matter; another value, parameter or path is another key', () => {
    const key = (path: string, q: string) => responseCacheKey('forecast', path, new URLSearchParams(q));
    expect(key('/assets/BTC/forecast', 'interval=1m&horizon=30')).toBe(key('/assets/BTC/forecast', 'horizon=30&interval=1m'));
    expect(key('/assets/BTC/forecast', 'interval=1m&horizon=30')).not.toBe(key('/assets/BTC/forecast', 'interval=1m&horizon=31'));
    expect(key('/assets/BTC/forecast', 'interval=1m')).not.toBe(key('/assets/BTC/forecast', 'interval=1m&horizon=30'));
    expect(key('/assets/BTC/forecast', '')).not.toBe(key('/assets/ETH/forecast', ''));
    expect(key('/assets/BTC/forecast', '').split(':', 1)[0]).toBe('forecast');
  });

  it('shared freshness: public s-maxage less Age; nothing for private, no-store, no-cache or without s-maxage', () => {
    expect(sharedFreshnessMs(headers({ 'cache-control': 'public, s-maxage=60, stale-while-revalidate=300' }))).toBe(60_000);
    expect(sharedFreshnessMs(headers({ 'cache-control': 'public, s-maxage=60', age: '45' }))).toBe(15_000);
    expect(sharedFreshnessMs(headers({ 'cache-control': 'public, s-maxage=60', age: '61' }))).toBe(0);
    expect(sharedFreshnessMs(headers({ 'cache-control': 'private, no-store' }))).toBe(0);
    expect(sharedFreshnessMs(headers({ 'cache-control': 'no-store' }))).toBe(0);
    expect(sharedFreshnessMs(headers({ 'cache-control': 'public, no-cache, s-maxage=60' }))).toBe(0);
    expect(sharedFreshnessMs(headers({ 'cache-control': 'public, max-age=60' }))).toBe(0);
    expect(sharedFreshnessMs(headers({}))).toBe(0);
  });

  it('only public GET operations opt in', () => {
    const opted = operations.filter((op) => op.publicCache);
    expect(opted.map((op) => `${op.method} ${op.path}`)).toContain('GET /assets/{symbol}/forecast');
    for (const op of opted) expect({ method: op.method, public: op.public }).toEqual({ method: 'GET', public: true });
  });
});

describe('response cache through the REST handler', () => {
  let infra: Infra;
  /** Shared-cache reads of forecasts: each is a call that reached the procedure. */
  let forecastReads = 0;
  let now = Date.now();
  let responseCache: ResponseCache;

  const counting = (cache: Cache): Cache => ({
    ...cache,
    get: (key, opts) => {
      if (key.startsWith('forecast:v2:')) forecastReads++;
      return cache.get(key, opts);
    },
  });
  const createContext = async (headers: Headers, resHeaders: Headers): Promise<Context> => ({
    requestId: 'rc-test',
    runtime: 'nodejs',
    db: infra.db,
    cache: counting(infra.cache),
    clock: infra.clock,
    bus: infra.bus,
    ratelimit: infra.ratelimit,
    user: null,
    session: null,
    clientIp: '203.0.113.9',
    resHeaders,
  });
  const get = (pathAndQuery: string, headers: Record<string, string> = {}) => {
    const path = pathAndQuery.split('?')[0]!;
    return handleRest(new Request(`http://localhost/api/v1${pathAndQuery}`, { headers }), path, createContext, responseCache);
  };
  const forecastHits = async () => {
    const metric = await getMetrics().cacheLookups.get();
    return metric.values.find((v) => v.labels.family === 'forecast' && v.labels.result === 'hit')?.value ?? 0;
  };

  beforeAll(async () => {
    infra = await createTestInfra();
    await seedAssets(infra.db);
    const start = Date.now();
    const ingestor = createIngestor(infra, { flushMs: 60_000 });
    const MINUTES = 300;
    await ingestor.ingest(
      Array.from({ length: MINUTES }, (_, i) => ({ symbol: 'BTC', ts: start - (MINUTES - i) * 60_000, price: (100 + 3 * Math.sin(i / 7) + (i % 5) / 10).toFixed(2), volume: '1' })),
    );
    await ingestor.stop();
  }, 180_000);
  afterAll(async () => infra?.close());

  it('a repeat within the answer’s freshness is the same bytes without reaching the procedure, and counts as a forecast cache hit', async () => {
    responseCache = createResponseCache({ clock: () => now });
    const first = await get('/assets/BTC/forecast?interval=1m&horizon=5');
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toMatch(/^public, s-maxage=60/);
    expect(first.headers.get('age')).toMatch(/^[01]$/);
    const firstBytes = Buffer.from(await first.arrayBuffer());
    const reads = forecastReads;
    const hits = await forecastHits();

    now += 30_000;
    // Query in another order: the same answer.
    const again = await get('/assets/BTC/forecast?horizon=5&interval=1m');
    expect(again.status).toBe(200);
    expect(Buffer.from(await again.arrayBuffer()).equals(firstBytes)).toBe(true);
    expect(forecastReads).toBe(reads);
    expect(await forecastHits()).toBe(hits + 1);
    expect(Number(again.headers.get('age'))).toBeGreaterThanOrEqual(30);
    expect(again.headers.get('x-request-id')).toBeTruthy();
    expect(again.headers.get('cache-control')).toBe(first.headers.get('cache-control'));

    // Past the minute the answer promised: the procedure answers again.
    now += 31_000;
    expect((await get('/assets/BTC/forecast?interval=1m&horizon=5')).status).toBe(200);
    expect(forecastReads).toBe(reads + 1);
  });

  it('keeps an answer made from an older shared-cache entry only for what is left of its minute (Age)', async () => {
    responseCache = createResponseCache({ clock: () => now });
    const key = forecastCacheKey('BTC', '1m', 7);
    await get('/assets/BTC/forecast?interval=1m&horizon=7'); // computes and stores the shared entry
    const entry = (await infra.cache.get<ForecastEntry>(key))!;
    await infra.cache.set(key, { ...entry, storedAt: Date.now() - 50_000 }, { ttlMs: 60_000 });
    responseCache = createResponseCache({ clock: () => now });

    const aged = await get('/assets/BTC/forecast?interval=1m&horizon=7');
    expect(Number(aged.headers.get('age'))).toBeGreaterThanOrEqual(50);
    const reads = forecastReads;
    now += 5_000;
    await get('/assets/BTC/forecast?interval=1m&horizon=7');
    expect(forecastReads).toBe(reads); // within the ~10 s left
    now += 6_000;
    await get('/assets/BTC/forecast?interval=1m&horizon=7');
    expect(forecastReads).toBe(reads + 1); // the shared entry's minute is over, so is this copy
  });

  it('a different query is a different answer', async () => {
    responseCache = createResponseCache({ clock: () => now });
    const five = (await (await get('/assets/BTC/forecast?interval=1m&horizon=5')).json()) as { points: unknown[] };
    const reads = forecastReads;
    const six = (await (await get('/assets/BTC/forecast?interval=1m&horizon=6')).json()) as { points: unknown[] };
    expect(five.points).toHaveLength(5);
    expect(six.points).toHaveLength(6);
    expect(forecastReads).toBe(reads + 1);
  });

  it('requests with credentials go the whole way (their credential is checked): an Authorization header or a cookie', async () => {
    responseCache = createResponseCache({ clock: () => now });
    const url = '/assets/BTC/forecast?interval=1m&horizon=5';
    expect((await get(url)).status).toBe(200);
    const reads = forecastReads;
    expect((await get(url)).status).toBe(200);
    expect(forecastReads).toBe(reads); // warm for anonymous callers
    expect((await get(url, { cookie: 'session=abc' })).status).toBe(200);
    expect(forecastReads).toBe(reads + 1);
    expect((await get(url, { authorization: 'Bearer pt_key' })).status).toBe(200);
    expect(forecastReads).toBe(reads + 2);
  });

  it('refusals and operations that did not opt in are never stored', async () => {
    const inner = createResponseCache({ clock: () => now });
    const seen = { gets: [] as string[], puts: [] as string[] };
    responseCache = {
      get: (key) => (seen.gets.push(key), inner.get(key)),
      put: (key, response, freshForMs) => (seen.puts.push(key), inner.put(key, response, freshForMs)),
    };
    expect((await get('/assets/NOTACOIN/forecast?interval=1m&horizon=5')).status).toBe(404);
    expect((await get('/assets/BTC/forecast?interval=1m&horizon=500')).status).toBe(400);
    expect(seen.gets).toHaveLength(2);
    expect(seen.puts).toEqual([]);
    // GET /assets/{symbol} answers `public, s-maxage=60` too, but did not opt in: never looked up or stored.
    const asset = await get('/assets/BTC');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toMatch(/^public, s-maxage=60/);
    await get('/assets/BTC');
    expect(seen.gets).toHaveLength(2);
    expect(seen.puts).toEqual([]);
  });
});
