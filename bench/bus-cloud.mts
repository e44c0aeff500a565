/**
 * Redis requests made by the cloud bus as subscribers grow: one process, 1 / 100 / 1,000 local
 * subscribers over 10 topics, 20 events published per second, for BENCH_SECONDS (default 5) each.
 * Counts the REST requests the bus's client sends (publishes excluded): what one instance costs Redis,
 * however many SSE clients it serves.
 *
 *   TEST_REDIS_URL=redis://127.0.0.1:6379 npm run bench -- bus-cloud
 */
import { startUpstashBridge } from '../scripts/bridges/upstash-rest';
import { createUpstashBus } from '../server/infra/bus/upstash';
import { createUpstashClient } from '../server/infra/upstash/client';

const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const topics = 10;
const perSecond = 20;

const bridge = await startUpstashBridge({ redisUrl, token: crypto.randomUUID() });
const prefix = `pt-bench:${crypto.randomUUID()}:`;
let requests = 0;
const realFetch = globalThis.fetch;
globalThis.fetch = (input, init) => {
  requests++;
  return realFetch(input, init);
};

const publisher = createUpstashBus(createUpstashClient({ url: bridge.url, token: bridge.token }), { prefix });
for (const clients of [1, 100, 1_000]) {
  const bus = createUpstashBus(createUpstashClient({ url: bridge.url, token: bridge.token }), { prefix });
  let delivered = 0;
  const offs = await Promise.all(
    Array.from({ length: clients }, (_, i) => bus.subscribe(`topic-${i % topics}`, () => delivered++)),
  );
  const before = requests;
  let published = 0;
  const started = Date.now();
  while (Date.now() - started < seconds * 1_000) {
    await publisher.publish(`topic-${published % topics}`, { n: published });
    published++;
    await new Promise((r) => setTimeout(r, 1_000 / perSecond));
  }
  await new Promise((r) => setTimeout(r, 500));
  const busRequests = requests - before - published;
  const perMinute = (busRequests / seconds) * 60;
  console.log(
    `${String(clients).padStart(5)} subscribers: ${published} published, ${delivered} delivered, ` +
      `${busRequests} Redis requests by the subscriber side = ${perMinute.toFixed(0)}/min per instance, ` +
      `${(perMinute / clients).toFixed(2)}/min per subscriber`,
  );
  await Promise.all(offs.map((off) => off()));
  bus.close();
}
publisher.close();
globalThis.fetch = realFetch;

const redis = createUpstashClient({ url: bridge.url, token: bridge.token });
let cursor = '0';
do {
  const [next, keys] = await redis.scan(cursor, { match: `${prefix}*`, count: 1_000 });
  cursor = String(next);
  if (keys.length > 0) await redis.del(...keys);
} while (cursor !== '0');
await bridge.close();
