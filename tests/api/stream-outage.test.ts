import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastEventIdOf, serveSse } from '@/server/http/sse-door';
import { createUpstashBus } from '@/server/infra/bus/upstash';
import { createUpstashCache } from '@/server/infra/cache/upstash';
import type { Infra } from '@/server/infra/infra';
import { createUpstashRateLimiter } from '@/server/infra/ratelimit/upstash';
import { circuitOf, createUpstashClient } from '@/server/infra/upstash/client';
import { createIngestor } from '@/server/services/market/ingestor';
import { PriceHub } from '@/server/services/market/price-hub';
import { streamPricesTo } from '@/server/services/market/price-stream';
import { PRICE_TOPIC } from '@/server/services/market/price-tick';
import { seedAssets } from '@/server/services/market/seed-assets';
import { startUpstashBridge, type UpstashBridge } from '../../scripts/bridges/upstash-rest';
import { createTestInfra } from '../support/infra';
import { until } from '../support/sse-response';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const quiet = { warn: () => {}, error: () => {} };

/** A TCP pass-through to `target` that can be cut (connections reset, new ones refused) and restored. */
async function switchableProxy(target: number) {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  const listen = (port = 0) =>
    new Promise<number>((resolve) => {
      server = createServer((client) => {
        const upstream = connect(target, '127.0.0.1');
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('error', () => {});
          s.on('close', () => sockets.delete(s));
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => resolve((server!.address() as AddressInfo).port));
    });
  const port = await listen();
  return {
    url: `http://127.0.0.1:${port}`,
    async down() {
      for (const s of sockets) s.resetAndDestroy();
      await new Promise((resolve) => server!.close(resolve));
    },
    up: () => listen(port),
  };
}

/** The body of an error answer, for the assertion message (a stream's body is left alone). */
const statusWhy = async (res: Response) => (res.status === 200 ? '' : await res.clone().text());

/** Reads a streaming response as text as it arrives. */
function reader(res: Response) {
  const state = { text: '' };
  const decoder = new TextDecoder();
  void (async () => {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) state.text += decoder.decode(chunk, { stream: true });
  })().catch(() => {});
  return state;
}

describe('the price stream door while the bus (Redis) is down', () => {
  let infra: Infra;
  let bridge: UpstashBridge;
  let proxy: Awaited<ReturnType<typeof switchableProxy>>;
  let door: HttpServer;
  let doorUrl: string;
  let hub: PriceHub;
  const prefix = `pt-test:${crypto.randomUUID()}:`;
  let redis: ReturnType<typeof createUpstashClient>;
  let bus: ReturnType<typeof createUpstashBus>;
  const aborts = new AbortController();

  beforeAll(async () => {
    infra = await createTestInfra();
    await seedAssets(infra.db);
    // Candles in the database: what a snapshot falls back to when the cache cannot answer.
    const ingestor = createIngestor(infra, { flushMs: 60_000 });
    await ingestor.ingest([{ symbol: 'BTC', ts: Date.now() - 60_000, price: '100.00', volume: '1' }]);
    await ingestor.stop();
    bridge = await startUpstashBridge({ redisUrl: REDIS_URL, token: crypto.randomUUID() });
    proxy = await switchableProxy(Number(new URL(bridge.url).port));
    redis = createUpstashClient({ url: proxy.url, token: bridge.token, timeoutMs: 300, breaker: { failureThreshold: 2, openMs: 200 }, log: quiet });
    bus = createUpstashBus(redis, { prefix, pollMs: 50, log: quiet });
    const cache = createUpstashCache(redis, prefix, quiet);
    const ratelimit = createUpstashRateLimiter(redis, prefix, quiet);
    hub = new PriceHub(bus, { heartbeatMs: 100 });
    // The door as pages/api/v1/stream/prices.ts composes it, on this test's ports.
    door = createHttpServer((req, res) =>
      void serveSse(req, res, 'price', (request) =>
        streamPricesTo(hub, { db: infra.db, cache, ratelimit, identity: 'ip:203.0.113.60', lastEventId: lastEventIdOf(request) }, res, request.sseHeaders),
      ),
    );
    await new Promise<void>((resolve) => door.listen(0, '127.0.0.1', resolve));
    doorUrl = `http://127.0.0.1:${(door.address() as AddressInfo).port}/api/v1/stream/prices`;
  });
  afterAll(async () => {
    aborts.abort();
    await hub?.stop();
    bus?.close();
    door?.closeAllConnections();
    await new Promise((resolve) => door?.close(resolve));
    await bridge?.close();
    await infra?.close();
  });

  it('before any subscription: answers at once with 503, Retry-After and the bus named — never hangs', async () => {
    await proxy.down();
    const res = await fetch(doorUrl, { signal: AbortSignal.timeout(10_000) });
    expect(res.status).toBe(503);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await res.json()).toMatchObject({ error: { code: 'SERVICE_UNAVAILABLE', details: { dependency: 'bus', reason: 'BUS_UNAVAILABLE' } } });
    await proxy.up();
  });

  it('an open stream outlives an outage: heartbeats meanwhile, new clients still get a snapshot, events resume after', async () => {
    // Wait until the hub is subscribed again: each refused try pokes the circuit's probe, which notices Redis is back.
    let subscribed = false;
    await until(() => {
      if (!subscribed) hub.start().then(() => (subscribed = true), () => {});
      return subscribed;
    });
    const res = await fetch(doorUrl, { signal: aborts.signal });
    expect(res.status, await statusWhy(res)).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const stream = reader(res);
    await until(() => stream.text.includes('event: snapshot'));
    expect(stream.text.startsWith('retry: ')).toBe(true);

    await proxy.down();
    const cutAt = stream.text.length;
    await until(() => stream.text.slice(cutAt).includes(': heartbeat'));
    // A client arriving during the outage: 200 with a snapshot from the database (the cache falls back at once).
    const late = await fetch(doorUrl, { signal: aborts.signal });
    expect(late.status, await statusWhy(late)).toBe(200);
    const lateStream = reader(late);
    await until(() => lateStream.text.includes('"symbol":"BTC"'));

    await proxy.up();
    const publisher = createUpstashBus(createUpstashClient({ url: bridge.url, token: bridge.token }), { prefix });
    // Published after the circuit closes again and the poller is back on its cursor: both streams get it.
    await until(() => circuitOf(redis)?.state === 'closed');
    await publisher.publish(PRICE_TOPIC, { symbol: 'BTC', price: '101.50', ts: Date.now(), source: 'test' });
    await until(() => stream.text.includes('101.50') && lateStream.text.includes('101.50'));
    publisher.close();
  });
});
