import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from '@upstash/redis';
import { startUpstashBridge, type UpstashBridge } from '../../scripts/bridges/upstash-rest';
import { announceSkip, services } from '../support/services';

// The bridge's wire protocol as @upstash/redis expects it, checked with raw HTTP.
announceSkip('redis', 'Upstash REST bridge protocol');
describe.skipIf(!services.redis)('Upstash REST bridge', () => {
  let bridge: UpstashBridge;
  const key = `pt-test:${crypto.randomUUID()}`;

  beforeAll(async () => {
    bridge = await startUpstashBridge({ redisUrl: services.redis!, token: 'secret-token' });
  });
  afterAll(async () => {
    await post('/', ['DEL', key, `${key}:h`]);
    await bridge?.close();
  });

  async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${bridge.url}${path}`, {
      method: 'POST',
      headers: { authorization: 'Bearer secret-token', 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as unknown };
  }

  it('refuses a missing or wrong token with 401 {error}', async () => {
    const res = await fetch(bridge.url, { method: 'POST', headers: { authorization: 'Bearer nope' }, body: '["PING"]' });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'Unauthorized' });
  });

  it('runs one command, plain or base64-encoded (except OK), and reports errors as 400 {error}', async () => {
    expect(await post('/', ['SET', key, 'héllo'])).toEqual({ status: 200, body: { result: 'OK' } });
    expect(await post('/', ['GET', key])).toEqual({ status: 200, body: { result: 'héllo' } });
    const encoded = await post('/', ['GET', key], { 'upstash-encoding': 'base64' });
    expect(encoded.body).toEqual({ result: Buffer.from('héllo').toString('base64') });
    const wrongType = await post('/', ['HGET', key, 'f']);
    expect(wrongType.status).toBe(400);
    expect(wrongType.body).toEqual({ error: expect.stringContaining('WRONGTYPE') });
  });

  it('answers /pipeline per command, and /multi-exec atomically with per-command errors', async () => {
    const pipeline = await post('/pipeline', [['SET', key, '1'], ['INCR', key], ['HGET', key, 'f']]);
    expect(pipeline.body).toEqual([{ result: 'OK' }, { result: 2 }, { error: expect.stringContaining('WRONGTYPE') }]);
    const multi = await post('/multi-exec', [['INCR', key], ['HSET', `${key}:h`, 'f', 'v'], ['HGETALL', `${key}:h`]], {
      'upstash-encoding': 'base64',
    });
    expect(multi.body).toEqual([{ result: 3 }, { result: 1 }, { result: ['Zg==', 'dg=='] }]);
  });

  it('accepts Upstash-only script flags and keeps the client’s script SHA working', async () => {
    const script = '#!lua flags=allow-key-locking\nreturn ARGV[1]';
    expect((await post('/', ['EVAL', script, '0', 'x'])).body).toEqual({ result: 'x' });
    const sha = createHash('sha1').update(script).digest('hex');
    expect((await post('/', ['EVALSHA', sha, '0', 'y'])).body).toEqual({ result: 'y' });
  });

  it('streams pub/sub messages to the client’s subscribe() as Server-Sent Events', async () => {
    const redis = new Redis({ url: bridge.url, token: 'secret-token' });
    const channel = `${key}:channel`;
    const subscriber = redis.subscribe<{ n: number }>(channel);
    const received: unknown[] = [];
    subscriber.on('message', ({ message }) => received.push(message));
    await new Promise((resolve) => subscriber.on('subscribe', resolve));
    await redis.publish(channel, { n: 0 });
    await redis.publish(channel, { n: 1 });
    const until = Date.now() + 3_000;
    while (received.length < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    await subscriber.unsubscribe();
    expect(received).toEqual([{ n: 0 }, { n: 1 }]);
  });

  it('refuses commands that would block or take over the shared connection', async () => {
    expect((await post('/', ['SUBSCRIBE', 'c'])).status).toBe(400);
    expect((await post('/', ['XREAD', 'BLOCK', '0', 'STREAMS', key, '$'])).status).toBe(400);
  });
});
