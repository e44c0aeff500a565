import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareEventIds, type Bus, type BusEvent } from '@/server/infra/bus/types';

const waitFor = async (check: () => boolean, ms = 2_000) => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting for bus delivery');
    await new Promise((r) => setTimeout(r, 10));
  }
};

/** The bus port's contract. `replaySize` is the adapter's configured replay buffer length. */
export function busContract(name: string, make: () => Promise<{ bus: Bus; replaySize: number; close?: () => Promise<void> }>) {
  describe(`bus contract: ${name}`, () => {
    let bus: Bus;
    let replaySize: number;
    let close: (() => Promise<void>) | undefined;
    const topic = () => `contract:${crypto.randomUUID()}`;

    beforeAll(async () => {
      ({ bus, replaySize, close } = await make());
    });
    afterAll(async () => close?.());

    it('delivers each published event to every subscriber, in order, with increasing ids', async () => {
      const t = topic();
      const a: BusEvent<number>[] = [];
      const b: BusEvent<number>[] = [];
      const offA = await bus.subscribe<number>(t, (e) => a.push(e));
      const offB = await bus.subscribe<number>(t, (e) => b.push(e));
      for (let i = 0; i < 20; i++) await bus.publish(t, i);
      await waitFor(() => a.length === 20 && b.length === 20);
      expect(a.map((e) => e.data)).toEqual([...Array(20).keys()]);
      expect(b.map((e) => e.id)).toEqual(a.map((e) => e.id));
      for (let i = 1; i < a.length; i++) expect(compareEventIds(a[i]!.id, a[i - 1]!.id)).toBeGreaterThan(0);
      await offA();
      await offB();
    });

    it('stops delivering after unsubscribe and keeps topics apart', async () => {
      const t1 = topic();
      const t2 = topic();
      const got: unknown[] = [];
      const off = await bus.subscribe(t1, (e) => got.push(e.data));
      await bus.publish(t2, 'other topic');
      await bus.publish(t1, 'first');
      await waitFor(() => got.length === 1);
      await off();
      await bus.publish(t1, 'after unsubscribe');
      await new Promise((r) => setTimeout(r, 100));
      expect(got).toEqual(['first']);
    });

    it('replays exactly the events after a given id', async () => {
      const t = topic();
      const published = [];
      for (let i = 0; i < 10; i++) published.push(await bus.publish(t, i));
      const replayed = await bus.replay<number>(t, published[3]!.id);
      expect(replayed?.map((e) => e.data)).toEqual([4, 5, 6, 7, 8, 9]);
      expect(replayed?.map((e) => e.id)).toEqual(published.slice(4).map((e) => e.id));
      expect(await bus.replay(t, published[9]!.id)).toEqual([]);
    });

    it('answers null when the requested point has left the bounded buffer', async () => {
      const t = topic();
      const first = await bus.publish(t, 'first');
      for (let i = 0; i < replaySize + replaySize / 2; i++) await bus.publish(t, i);
      expect(await bus.replay(t, first.id)).toBeNull();
    });
  });
}
