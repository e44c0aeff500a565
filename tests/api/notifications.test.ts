import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionUser } from '@/server/api/trpc';
import type { Infra } from '@/server/infra/infra';
import { seedAssets } from '@/server/services/market/seed-assets';
import { createNotification } from '@/server/services/notifications/notifications';
import { startOrderNotifications } from '@/server/services/notifications/order-notifications';
import { createUser } from '../support/accounts';
import { callerFor } from '../support/caller';
import { expectTrpcError, fieldErrorsOf } from '../support/errors';
import { createTestInfra } from '../support/infra';
import { setAccountFields, setLatestPrice } from '../support/trading';

let infra: Infra;
let alice: SessionUser;
let bob: SessionUser;

beforeEach(async () => {
  infra = await createTestInfra();
  await seedAssets(infra.db);
  alice = await createUser(infra, 'Alice');
  bob = await createUser(infra, 'Bob');
});
afterEach(async () => infra.close());

const tell = (user: SessionUser, title: string, dedupeKey?: string) =>
  createNotification(infra, { userId: user.id, kind: 'system', title, body: `${title} body`, dedupeKey });

async function nextEvent(it: AsyncIterator<unknown>): Promise<{ id: string; data: unknown }> {
  const value = (await it.next()).value as [string, unknown] | { id: string; data: unknown };
  return Array.isArray(value) ? { id: value[0], data: value[1] } : value;
}

async function until(check: () => Promise<boolean>) {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('condition never held');
}

describe('notifications inbox', () => {
  it('lists newest first in pages, counts unread, marks some and all read, deletes', async () => {
    for (let i = 1; i <= 5; i++) await tell(alice, `n${i}`);
    const api = callerFor(infra, alice);
    const first = await api.notifications.list({ limit: 2 });
    expect(first.data.map((n) => n.title)).toEqual(['n5', 'n4']);
    const second = await api.notifications.list({ limit: 2, cursor: first.nextCursor });
    const third = await api.notifications.list({ limit: 2, cursor: second.nextCursor });
    expect([...second.data, ...third.data].map((n) => n.title)).toEqual(['n3', 'n2', 'n1']);
    expect(third.nextCursor).toBeNull();
    expect(await api.notifications.unreadCount()).toEqual({ unread: 5 });

    expect(await api.notifications.markRead({ ids: [first.data[0]!.id, first.data[1]!.id] })).toEqual({ updated: 2, unread: 3 });
    // Marking again changes nothing.
    expect(await api.notifications.markRead({ ids: [first.data[0]!.id] })).toEqual({ updated: 0, unread: 3 });
    const unread = await api.notifications.list({ unreadOnly: true });
    expect(unread.data.map((n) => n.title)).toEqual(['n3', 'n2', 'n1']);
    expect((await api.notifications.list()).data[0]!.readAt).toBeInstanceOf(Date);
    expect(await api.notifications.markRead({ all: true })).toEqual({ updated: 3, unread: 0 });

    expect(await api.notifications.delete({ id: first.data[0]!.id })).toEqual({ id: first.data[0]!.id });
    expect((await api.notifications.list()).data).toHaveLength(4);
    await expectTrpcError(api.notifications.delete({ id: first.data[0]!.id }), 'NOT_FOUND');
  });

  it('writes a notification once per dedupe key', async () => {
    expect(await tell(alice, 'filled', 'order:1:filled')).not.toBeNull();
    expect(await tell(alice, 'filled again', 'order:1:filled')).toBeNull();
    expect((await callerFor(infra, alice).notifications.list()).data.map((n) => n.title)).toEqual(['filled']);
  });

  it('refuses a mark-read that names nothing or both, with field details', async () => {
    const api = callerFor(infra, alice);
    const neither = await expectTrpcError(api.notifications.markRead({}), 'BAD_REQUEST');
    expect(fieldErrorsOf(neither).ids).toBeDefined();
    const bad = await expectTrpcError(api.notifications.markRead({ ids: ['nope'] }), 'BAD_REQUEST');
    expect(Object.keys(fieldErrorsOf(bad)).some((k) => k.startsWith('ids'))).toBe(true);
  });

  it('is private: B never sees, marks or deletes A’s notifications (404), nor streams them', async () => {
    const mine = (await tell(alice, 'for alice'))!;
    await tell(bob, 'for bob');
    const asBob = callerFor(infra, bob);
    expect((await asBob.notifications.list()).data.map((n) => n.title)).toEqual(['for bob']);
    await expectTrpcError(asBob.notifications.markRead({ ids: [mine.id] }), 'NOT_FOUND');
    await expectTrpcError(asBob.notifications.delete({ id: mine.id }), 'NOT_FOUND');
    // Bob's "mark all" touches only his own.
    await asBob.notifications.markRead({ all: true });
    expect(await callerFor(infra, alice).notifications.unreadCount()).toEqual({ unread: 1 });

    const bobStream = (await asBob.stream.notifications({}))[Symbol.asyncIterator]();
    const pending = nextEvent(bobStream);
    await tell(alice, 'secret');
    await tell(bob, 'second for bob');
    const event = await pending;
    expect(event.data).toMatchObject({ type: 'notification', notification: { title: 'second for bob' } });
    await bobStream.return?.();
  });

  it('streams new notifications live and resumes after Last-Event-ID without gaps', async () => {
    const api = callerFor(infra, alice);
    const live = (await api.stream.notifications({}))[Symbol.asyncIterator]();
    const firstPending = nextEvent(live);
    await tell(alice, 'one');
    const first = await firstPending;
    expect(first.data).toMatchObject({ notification: { title: 'one', kind: 'system' } });
    await live.return?.();

    await tell(alice, 'two');
    await tell(alice, 'three');
    const again = (await api.stream.notifications({ lastEventId: first.id }))[Symbol.asyncIterator]();
    const titles = [await nextEvent(again), await nextEvent(again)].map((e) => (e.data as { notification: { title: string } }).notification.title);
    expect(titles).toEqual(['two', 'three']);
    await again.return?.();
  });

  it('needs a signed-in user', async () => {
    const anon = callerFor(infra);
    await expectTrpcError(anon.notifications.list(), 'UNAUTHORIZED');
    await expectTrpcError(anon.notifications.markRead({ all: true }), 'UNAUTHORIZED');
  });
});

describe('order notifications', () => {
  it('a fill and a rejection each become one notification for the order’s owner only', async () => {
    const notifier = await startOrderNotifications(infra, (error) => {
      throw error;
    });
    try {
      await setLatestPrice(infra, 'ETH', '2000.00', Date.now());
      const api = callerFor(infra, alice);
      const filled = await api.trading.placeOrder({ symbol: 'ETH', side: 'buy', type: 'market', qty: '0.5', timeInForce: 'ioc' });
      const account = await api.account.get();
      await setAccountFields(infra, account.id, { killSwitch: true });
      await expectTrpcError(api.trading.placeOrder({ symbol: 'ETH', side: 'buy', type: 'market', qty: '0.5', timeInForce: 'ioc' }), 'UNPROCESSABLE_CONTENT');
      await until(async () => (await api.notifications.list()).data.length >= 2);
      const { data } = await api.notifications.list();
      expect(data.map((n) => [n.kind, n.title])).toEqual([
        ['order', 'Buy ETH rejected'],
        ['order', 'Buy ETH filled'],
      ]);
      expect(data[1]!.data).toMatchObject({ orderId: filled.id, status: 'filled', filledQty: '0.5' });
      expect((await callerFor(infra, bob).notifications.list()).data).toEqual([]);
    } finally {
      await notifier.stop();
    }
  });
});
