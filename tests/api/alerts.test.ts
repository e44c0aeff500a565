import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alerts } from '@/db/schema';
import type { SessionUser } from '@/server/api/trpc';
import type { Infra } from '@/server/infra/infra';
import { startAlertEngine, type AlertEngine } from '@/server/services/alerts/alert-engine';
import { seedAssets } from '@/server/services/market/seed-assets';
import { createUser } from '../support/accounts';
import { callerFor } from '../support/caller';
import { expectTrpcError, fieldErrorsOf } from '../support/errors';
import { createTestInfra } from '../support/infra';
import { capturingLogger } from '../support/logger';
import { manualClock, pushTick, setLatestPrice } from '../support/trading';

let infra: Infra;
let clock: ReturnType<typeof manualClock>;
let alice: SessionUser;
let bob: SessionUser;
const engines: AlertEngine[] = [];

beforeEach(async () => {
  clock = manualClock();
  infra = await createTestInfra({ clock: clock.clock });
  await seedAssets(infra.db);
  alice = await createUser(infra, 'Alice');
  bob = await createUser(infra, 'Bob');
});
afterEach(async () => {
  for (const e of engines.splice(0)) await e.stop();
  await infra.close();
});

async function engine() {
  const started = await startAlertEngine({ ...infra, logger: capturingLogger().logger }, { flushMs: 3_600_000, expiryMs: 3_600_000 });
  engines.push(started);
  return started;
}

async function tick(e: AlertEngine, symbol: string, price: string, ts = clock.now()) {
  await pushTick(infra, symbol, price, ts);
  await e.idle();
}

describe('alerts API', () => {
  it('creates each kind of alert, lists newest first in pages, pauses, resumes and deletes', async () => {
    const api = callerFor(infra, alice);
    const cross = await api.alerts.create({ symbol: 'btc', condition: 'crosses_above', value: '70000', note: 'breakout' });
    expect(cross).toMatchObject({ symbol: 'BTC', condition: 'crosses_above', value: '70000', frequency: 'once', status: 'active', note: 'breakout', fireCount: 0 });
    const move = await api.alerts.create({ symbol: 'ETH', condition: 'moves_down_pct', value: '5.5', windowMinutes: 30, frequency: 'every_time', cooldownSeconds: 300 });
    expect(move).toMatchObject({ value: '5.5', windowMinutes: 30, cooldownSeconds: 300, lower: null });
    const channel = await api.alerts.create({ symbol: 'SOL', condition: 'enters_channel', lower: '90', upper: '110.5', frequency: 'once_per_bar', interval: '1h' });
    expect(channel).toMatchObject({ lower: '90', upper: '110.5', value: null, interval: '1h' });

    const first = await api.alerts.list({ limit: 2 });
    expect(first.data.map((a) => a.id)).toEqual([channel.id, move.id]);
    expect((await api.alerts.list({ limit: 2, cursor: first.nextCursor })).data.map((a) => a.id)).toEqual([cross.id]);
    expect((await api.alerts.list({ symbol: 'eth' })).data.map((a) => a.id)).toEqual([move.id]);

    expect(await api.alerts.update({ id: cross.id, status: 'paused' })).toMatchObject({ status: 'paused' });
    expect((await api.alerts.list({ status: 'paused' })).data.map((a) => a.id)).toEqual([cross.id]);
    expect(await api.alerts.update({ id: cross.id, status: 'active', note: 'again' })).toMatchObject({ status: 'active', note: 'again' });
    expect(await api.alerts.delete({ id: move.id })).toEqual({ id: move.id });
    await expectTrpcError(api.alerts.get({ id: move.id }), 'NOT_FOUND');
  });

  it('refuses bad input with 400/404 and field details, and writes nothing', async () => {
    const api = callerFor(infra, alice);
    const cases: [Parameters<typeof api.alerts.create>[0], 'BAD_REQUEST' | 'NOT_FOUND', string][] = [
      [{ symbol: 'NOPE', condition: 'above', value: '1' }, 'NOT_FOUND', 'symbol'],
      [{ symbol: 'BTC', condition: 'enters_channel', lower: '110', upper: '100' }, 'BAD_REQUEST', 'upper'],
      [{ symbol: 'BTC', condition: 'exits_channel', lower: '100', upper: '100.00' }, 'BAD_REQUEST', 'upper'],
      [{ symbol: 'BTC', condition: 'moves_up_pct', value: '-5', windowMinutes: 10 }, 'BAD_REQUEST', 'value'],
      [{ symbol: 'BTC', condition: 'moves_down_pct', value: '0', windowMinutes: 10 }, 'BAD_REQUEST', 'value'],
      [{ symbol: 'BTC', condition: 'moves_down_pct', value: '100', windowMinutes: 10 }, 'BAD_REQUEST', 'value'],
      [{ symbol: 'BTC', condition: 'moves_up_pct', value: '5' }, 'BAD_REQUEST', 'windowMinutes'],
      [{ symbol: 'BTC', condition: 'crosses' }, 'BAD_REQUEST', 'value'],
      [{ symbol: 'BTC', condition: 'above', value: '1', frequency: 'once_per_bar' }, 'BAD_REQUEST', 'interval'],
      [{ symbol: 'BTC', condition: 'above', value: '1', expiresAt: new Date(clock.now() - 1000) }, 'BAD_REQUEST', 'expiresAt'],
    ];
    for (const [input, code, field] of cases) {
      const error = await expectTrpcError(api.alerts.create(input), code);
      expect(fieldErrorsOf(error)[field], `${JSON.stringify(input)} → ${field}`).toBeDefined();
    }
    expect(await infra.db.select().from(alerts)).toEqual([]);
  });

  it('is private: B never sees, changes or deletes A’s alerts (404)', async () => {
    const mine = await callerFor(infra, alice).alerts.create({ symbol: 'BTC', condition: 'above', value: '1' });
    const asBob = callerFor(infra, bob);
    expect((await asBob.alerts.list()).data).toEqual([]);
    await expectTrpcError(asBob.alerts.get({ id: mine.id }), 'NOT_FOUND');
    await expectTrpcError(asBob.alerts.update({ id: mine.id, status: 'paused' }), 'NOT_FOUND');
    await expectTrpcError(asBob.alerts.delete({ id: mine.id }), 'NOT_FOUND');
    expect(await callerFor(infra, alice).alerts.get({ id: mine.id })).toMatchObject({ status: 'active' });
    await expectTrpcError(callerFor(infra).alerts.list(), 'UNAUTHORIZED');
  });
});

describe('alert engine', () => {
  it('a tick through the level fires once: the alert is triggered and its owner (only) is notified', async () => {
    await setLatestPrice(infra, 'BTC', '69000', clock.now());
    const api = callerFor(infra, alice);
    const alert = await api.alerts.create({ symbol: 'BTC', condition: 'crosses_above', value: '70000', note: 'breakout' });
    const e = await engine();
    await tick(e, 'BTC', '69500');
    expect((await api.notifications.list()).data).toEqual([]);
    await tick(e, 'BTC', '71000.5');
    await tick(e, 'BTC', '69000');
    await tick(e, 'BTC', '72000');

    const { data } = await api.notifications.list();
    expect(data).toHaveLength(1);
    expect(data[0]).toMatchObject({ kind: 'alert', title: 'BTC crossed above 70000', body: 'Price 71000.5 — breakout', data: { alertId: alert.id, price: '71000.5' } });
    expect(await api.alerts.get({ id: alert.id })).toMatchObject({ status: 'triggered', fireCount: 1 });
    expect((await callerFor(infra, bob).notifications.list()).data).toEqual([]);
  });

  it('follows alerts created, paused and deleted while it runs, judging a new alert from its creation price', async () => {
    const e = await engine();
    await tick(e, 'ETH', '3000');
    const api = callerFor(infra, alice);
    const below = await api.alerts.create({ symbol: 'ETH', condition: 'crosses_below', value: '2900', frequency: 'every_time', cooldownSeconds: 0 });
    const paused = await api.alerts.create({ symbol: 'ETH', condition: 'below', value: '2950' });
    await api.alerts.update({ id: paused.id, status: 'paused' });
    await tick(e, 'ETH', '2800');
    expect((await api.notifications.list()).data.map((n) => n.title)).toEqual(['ETH crossed below 2900']);
    await api.alerts.delete({ id: below.id });
    await tick(e, 'ETH', '3000');
    await tick(e, 'ETH', '2800');
    expect((await api.notifications.list()).data).toHaveLength(1);
  });

  it('does not fire twice across a restart, and fires for a cross that happened while it was down', async () => {
    const api = callerFor(infra, alice);
    await setLatestPrice(infra, 'SOL', '95', clock.now());
    const every = await api.alerts.create({ symbol: 'SOL', condition: 'above', value: '100', frequency: 'every_time', cooldownSeconds: 3600 });
    const cross = await api.alerts.create({ symbol: 'SOL', condition: 'crosses', value: '100', frequency: 'every_time', cooldownSeconds: 0 });
    const first = await engine();
    await tick(first, 'SOL', '101');
    expect((await api.notifications.list()).data).toHaveLength(2);
    await first.stop();
    engines.splice(0);

    clock.advance(60_000);
    const second = await engine();
    await tick(second, 'SOL', '102');
    // Above for a minute more: within the hour's cooldown; the cross happened before the restart.
    expect((await api.notifications.list()).data).toHaveLength(2);
    await second.stop();
    engines.splice(0);

    // Down through the level while no engine ran: the stored last price (102) makes the next tick a cross.
    const third = await engine();
    await tick(third, 'SOL', '98');
    const titles = (await api.notifications.list()).data.map((n) => n.title);
    expect(titles.sort()).toEqual(['SOL crossed 100', 'SOL crossed 100', 'SOL is above 100']);
    expect(await api.alerts.get({ id: cross.id })).toMatchObject({ fireCount: 2 });
    expect(await api.alerts.get({ id: every.id })).toMatchObject({ fireCount: 1 });
    // The history agrees with the count: one row per fire, newest first, with the price it crossed from.
    const fires = await api.alerts.fires({ id: cross.id });
    expect(fires.data.map((f) => [f.price, f.previous])).toEqual([
      ['98', '102'],
      ['101', '95'],
    ]);
    expect(fires.data[0]!.firedAt.getTime()).toBeGreaterThan(fires.data[1]!.firedAt.getTime());
    const firstPage = await api.alerts.fires({ id: cross.id, limit: 1 });
    expect(firstPage.data.map((f) => f.price)).toEqual(['98']);
    expect((await api.alerts.fires({ id: cross.id, limit: 1, cursor: firstPage.nextCursor })).data.map((f) => f.price)).toEqual(['101']);
    expect((await api.alerts.fires({ id: every.id })).data.map((f) => f.price)).toEqual(['101']);
    // Another user's alert history is 404.
    await expectTrpcError(callerFor(infra, bob).alerts.fires({ id: cross.id }), 'NOT_FOUND');
  });

  it('two engines on the same ticks fire an alert once (the stored last fire is compared and set)', async () => {
    const api = callerFor(infra, alice);
    const alert = await api.alerts.create({ symbol: 'BTC', condition: 'above', value: '100', frequency: 'every_time', cooldownSeconds: 60 });
    const [a, b] = [await engine(), await engine()];
    await pushTick(infra, 'BTC', '150', clock.now());
    await Promise.all([a.idle(), b.idle()]);
    expect((await api.notifications.list()).data).toHaveLength(1);
    expect(await api.alerts.get({ id: alert.id })).toMatchObject({ fireCount: 1, status: 'active' });
  });

  it('expires alerts at their expiry without firing them', async () => {
    const api = callerFor(infra, alice);
    const soon = await api.alerts.create({ symbol: 'BTC', condition: 'above', value: '100', expiresAt: new Date(clock.now() + 60_000) });
    const e = await engine();
    clock.advance(60_000);
    await tick(e, 'BTC', '150');
    expect(await api.alerts.get({ id: soon.id })).toMatchObject({ status: 'expired', fireCount: 0 });
    expect((await api.notifications.list()).data).toEqual([]);
    const [row] = await infra.db.select().from(alerts).where(eq(alerts.id, soon.id));
    expect(row!.lastFiredAt).toBeNull();
  });
});
