import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionUser } from '@/server/api/trpc';
import type { Infra } from '@/server/infra/infra';
import { createJobRunner } from '@/server/services/jobs/runner';
import { createNotification, notificationTopic, type NotificationEvent } from '@/server/services/notifications/notifications';
import { webhookDeliveryHandler, WEBHOOK_DELIVERY_KIND, type DeliverySettings } from '@/server/services/webhooks/delivery';
import { createWebhook } from '@/server/services/webhooks/endpoints';
import { assertPublicTarget } from '@/server/services/webhooks/target-guard';
import { createUser } from '../../support/accounts';
import { callerFor } from '../../support/caller';
import { expectTrpcError, fieldErrorsOf } from '../../support/errors';
import { createTestInfra } from '../../support/infra';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real HTTP receiver on 127.0.0.1 answering the scripted statuses in turn (`hang`: never answers). */
async function receiver(script: (number | 'hang')[]): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      const step = script[Math.min(received.length - 1, script.length - 1)]!;
      if (step === 'hang') return;
      res.writeHead(step).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, received, server };
}

let infra: Infra;
let alice: SessionUser;
let bob: SessionUser;
const servers: Server[] = [];

beforeEach(async () => {
  infra = await createTestInfra();
  alice = await createUser(infra, 'Alice');
  bob = await createUser(infra, 'Bob');
});
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
  await infra.close();
});

/** Runs delivery jobs until none is due; retries wait `retryDelaysMs` (0 here, so each is due at once). */
async function deliverAll(settings: DeliverySettings) {
  const runner = createJobRunner({ db: infra.db, bus: infra.bus, handlers: { [WEBHOOK_DELIVERY_KIND]: webhookDeliveryHandler(settings) } });
  let ran = 0;
  while (await runner.runOnce()) ran++;
  return ran;
}

/** The spec's algorithm, by hand: base64(HMAC-SHA256(base64-decoded secret, "id.timestamp.body")). */
function specSignature(secret: string, headers: IncomingHttpHeaders, body: string) {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`).digest('base64')}`;
}

describe('webhook delivery', () => {
  it('signs per Standard Webhooks; a receiver that fails twice then succeeds gets 3 attempts with one webhook-id', async () => {
    const target = await receiver([500, 503, 200]);
    servers.push(target.server);
    const api = callerFor(infra, alice);
    const hook = await api.webhooks.create({ url: target.url, events: ['alert.triggered'] });
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect((await api.webhooks.list()).data[0]).not.toHaveProperty('secret');

    await createNotification(infra, { userId: alice.id, kind: 'alert', title: 'BTC crossed above 70000', data: { alertId: 'a1', price: '70001' } });
    expect(await deliverAll({ retryDelaysMs: [0, 0, 0], allowPrivate: true })).toBe(3);

    expect(target.received).toHaveLength(3);
    const ids = new Set(target.received.map((r) => r.headers['webhook-id']));
    expect(ids.size).toBe(1);
    for (const { headers, body } of target.received) {
      expect(headers['webhook-signature']).toBe(specSignature(hook.secret, headers, body));
      expect(() => new Webhook(hook.secret).verify(body, headers as Record<string, string>)).not.toThrow();
    }
    const sent = JSON.parse(target.received[0]!.body) as { type: string; timestamp: string; data: Record<string, unknown> };
    expect(sent).toMatchObject({ type: 'alert.triggered', data: { title: 'BTC crossed above 70000', alertId: 'a1', price: '70001' } });
    expect(target.received.every((r) => r.body === target.received[0]!.body)).toBe(true);

    const log = (await api.webhooks.deliveries({ id: hook.id })).data;
    expect(log.map((d) => [d.attempt, d.status, d.statusCode])).toEqual([
      [3, 'succeeded', 200],
      [2, 'failed', 503],
      [1, 'failed', 500],
    ]);
    expect(log.every((d) => d.messageId === [...ids][0] && d.latencyMs >= 0)).toBe(true);
  });

  it('gives up after the last retry delay, then disables the endpoint and tells its owner', async () => {
    const target = await receiver([500]);
    servers.push(target.server);
    const api = callerFor(infra, alice);
    const hook = await api.webhooks.create({ url: target.url });
    await createNotification(infra, { userId: alice.id, kind: 'order', title: 'Buy ETH filled', data: { status: 'filled' } });
    // The owner's live stream (the bell) hears the disabled notice without a reload.
    const streamed: NotificationEvent[] = [];
    const unsubscribe = await infra.bus.subscribe<NotificationEvent>(notificationTopic(alice.id), (e) => void streamed.push(e.data));
    expect(await deliverAll({ retryDelaysMs: [0], allowPrivate: true })).toBe(2);
    await expect.poll(() => streamed.map((e) => e.notification.title)).toContain('Webhook disabled');
    await unsubscribe();
    expect(target.received).toHaveLength(2);
    expect(JSON.parse(target.received[0]!.body)).toMatchObject({ type: 'order.filled' });
    expect((await api.webhooks.list()).data[0]).toMatchObject({ id: hook.id, enabled: false });
    expect((await api.notifications.list()).data[0]).toMatchObject({ kind: 'system', title: 'Webhook disabled', data: { webhookId: hook.id } });
    // Disabled: the next event is not sent.
    await createNotification(infra, { userId: alice.id, kind: 'order', title: 'Sell ETH filled', data: { status: 'filled' } });
    expect(await deliverAll({ retryDelaysMs: [0], allowPrivate: true })).toBe(0);
  });

  it('a receiver that hangs fails the attempt at 5 s', async () => {
    const target = await receiver(['hang']);
    servers.push(target.server);
    const api = callerFor(infra, alice);
    const hook = await api.webhooks.create({ url: target.url });
    await api.webhooks.sendTest({ id: hook.id });
    const started = Date.now();
    await deliverAll({ retryDelaysMs: [], allowPrivate: true });
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(4_900);
    expect(waited).toBeLessThan(9_000);
    const [attempt] = (await api.webhooks.deliveries({ id: hook.id })).data;
    expect(attempt).toMatchObject({ status: 'failed', statusCode: null, error: 'No answer within 5 s', eventType: 'webhook.test' });
  }, 20_000);

  it('sends only the events an endpoint asked for, and nothing to disabled endpoints', async () => {
    const target = await receiver([200]);
    servers.push(target.server);
    const api = callerFor(infra, alice);
    await api.webhooks.create({ url: target.url, events: ['order.filled'] });
    const off = await api.webhooks.create({ url: target.url });
    await api.webhooks.update({ id: off.id, enabled: false });
    await createNotification(infra, { userId: alice.id, kind: 'alert', title: 'alert', data: {} });
    await createNotification(infra, { userId: alice.id, kind: 'order', title: 'filled', data: { status: 'filled' } });
    await deliverAll({ retryDelaysMs: [], allowPrivate: true });
    expect(target.received.map((r) => (JSON.parse(r.body) as { type: string }).type)).toEqual(['order.filled']);
  });
});

describe('webhook endpoints', () => {
  it('refuses private, loopback and link-local targets when private targets are not allowed (cloud profile)', async () => {
    for (const url of ['http://127.0.0.1:8080/x', 'http://localhost/x', 'http://10.1.2.3/x', 'http://169.254.169.254/latest', 'http://[::1]/x', 'http://192.168.0.10/x']) {
      await expect(assertPublicTarget(url, false), url).rejects.toMatchObject({ code: 'BAD_REQUEST', details: { fieldErrors: { url: [expect.any(String)] } } });
    }
    await expect(assertPublicTarget('http://93.184.216.34/hook', false)).resolves.toBeUndefined();
    await expect(assertPublicTarget('http://127.0.0.1:8080/x', true)).resolves.toBeUndefined();
    await expect(createWebhook(infra.db, alice.id, { url: 'http://127.0.0.1:9/x', events: [], description: '' }, { allowPrivate: false })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect((await callerFor(infra, alice).webhooks.list()).data).toEqual([]);
  });

  it('refuses a URL that is not http(s), with field details', async () => {
    const error = await expectTrpcError(callerFor(infra, alice).webhooks.create({ url: 'ftp://example.com/x' }), 'BAD_REQUEST');
    expect(fieldErrorsOf(error).url).toBeDefined();
  });

  it('is private: B never sees, changes, tests or reads the log of A’s webhook (404)', async () => {
    const hook = await callerFor(infra, alice).webhooks.create({ url: 'http://127.0.0.1:9/x' });
    const asBob = callerFor(infra, bob);
    expect((await asBob.webhooks.list()).data).toEqual([]);
    await expectTrpcError(asBob.webhooks.update({ id: hook.id, enabled: false }), 'NOT_FOUND');
    await expectTrpcError(asBob.webhooks.sendTest({ id: hook.id }), 'NOT_FOUND');
    await expectTrpcError(asBob.webhooks.deliveries({ id: hook.id }), 'NOT_FOUND');
    await expectTrpcError(asBob.webhooks.delete({ id: hook.id }), 'NOT_FOUND');
    expect((await callerFor(infra, alice).webhooks.list()).data[0]).toMatchObject({ id: hook.id, enabled: true });
  });
});
