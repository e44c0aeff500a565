import { describe, expect, it, vi } from 'vitest';
import { createMemoryBus } from '@/server/infra/bus/memory';
import type { Bus } from '@/server/infra/bus/types';
import type { LiveFrame, LiveSubscriber } from '@/server/services/live/live-hub';
import type { LiveMessage } from '@/server/services/live/live-messages';
import { PriceHub } from '@/server/services/market/price-hub';
import { PRICE_TOPIC, type PriceTick } from '@/server/services/market/price-tick';

const settle = () => new Promise((r) => setTimeout(r, 5));
let clock = 1_000;
const tick = (symbol: string, price: string): PriceTick => ({ symbol, price, ts: clock++, change24h: null, stale: false, ageMs: 0, session: null });

/** A subscriber that records what it gets; `stalled` makes it report not-ready (a slow client). */
function recorder(symbols: string[] | null = null) {
  const messages: LiveMessage<PriceTick>[] = [];
  const frames: LiveFrame<PriceTick>[] = [];
  const state = { stalled: false, heartbeats: 0 };
  const sub: LiveSubscriber<PriceTick> = {
    keys: symbols ? new Set(symbols) : null,
    ready: () => !state.stalled,
    deliver: (f) => {
      frames.push(f);
      messages.push(...f.messages);
    },
    heartbeat: () => state.heartbeats++,
  };
  const prices = () => messages.filter((m) => m.type === 'item').map((m) => `${m.item.symbol}@${m.item.price}`);
  return { sub, messages, frames, state, prices };
}

const open = (hub: PriceHub, sub: LiveSubscriber<PriceTick>, lastEventId?: string, identity = 'ip:1') =>
  hub.open(sub, { identity, lastEventId, snapshot: async () => [tick('BTC', 'snap'), tick('ETH', 'snap')] });

async function publish(bus: Bus, ...ticks: PriceTick[]) {
  const ids: string[] = [];
  for (const t of ticks) ids.push((await bus.publish(PRICE_TOPIC, t)).id);
  await settle();
  return ids;
}

describe('PriceHub', () => {
  it('uses one bus subscription for all clients and fans every event out', async () => {
    const bus = createMemoryBus();
    const subscribe = vi.spyOn(bus, 'subscribe');
    const hub = new PriceHub(bus);
    const clients = [recorder(), recorder(), recorder()];
    for (const c of clients) await open(hub, c.sub);
    await publish(bus, tick('BTC', '1'), tick('ETH', '2'));
    expect(subscribe).toHaveBeenCalledTimes(1);
    for (const c of clients) {
      expect(c.messages[0]).toMatchObject({ type: 'snapshot', items: [{ price: 'snap' }, { price: 'snap' }] });
      expect(c.prices()).toEqual(['BTC@1', 'ETH@2']);
    }
    // Events published together leave as one frame whose SSE bytes are encoded once and shared.
    expect(clients[0]!.frames[1]!.messages).toHaveLength(2);
    expect(clients[0]!.frames[1]).toBe(clients[1]!.frames[1]);
    await hub.stop();
  });

  it('sends only the symbols a client asked for, in its snapshot and live', async () => {
    const bus = createMemoryBus();
    const hub = new PriceHub(bus);
    const btc = recorder(['BTC']);
    await open(hub, btc.sub);
    await publish(bus, tick('ETH', '1'), tick('BTC', '2'), tick('SOL', '3'), tick('BTC', '4'));
    expect(btc.messages[0]).toMatchObject({ type: 'snapshot', items: [{ symbol: 'BTC' }] });
    expect(btc.prices()).toEqual(['BTC@2', 'BTC@4']);
    await hub.stop();
  });

  it('resumes after a disconnect with exactly the events missed, then continues live', async () => {
    const bus = createMemoryBus();
    const hub = new PriceHub(bus);
    const first = recorder();
    const handle = await open(hub, first.sub);
    const ids = await publish(bus, tick('BTC', '1'), tick('ETH', '2'));
    handle.close();
    const missed = await publish(bus, tick('BTC', '3'), tick('SOL', '4'), tick('ETH', '5'));
    expect(first.prices()).toEqual(['BTC@1', 'ETH@2']);

    const again = recorder();
    await open(hub, again.sub, ids[1]);
    expect(again.messages.every((m) => m.type === 'item')).toBe(true);
    expect(again.messages.map((m) => m.id)).toEqual(missed);
    expect(again.prices()).toEqual(['BTC@3', 'SOL@4', 'ETH@5']);
    await publish(bus, tick('BTC', '6'));
    expect(again.prices()).toEqual(['BTC@3', 'SOL@4', 'ETH@5', 'BTC@6']);
    await hub.stop();
  });

  it('sends an event that arrives while a resume is being replayed exactly once', async () => {
    const bus = createMemoryBus();
    const hub = new PriceHub(bus);
    const first = recorder();
    const handle = await open(hub, first.sub);
    const [lastSeen] = await publish(bus, tick('BTC', '1'));
    handle.close();
    await publish(bus, tick('ETH', '2'));
    // The next event is published (received by the hub, not yet flushed) while the replay is read.
    const replay = bus.replay.bind(bus);
    vi.spyOn(bus, 'replay').mockImplementation((async (topic: string, after: string) => {
      await bus.publish(PRICE_TOPIC, tick('SOL', '3'));
      return replay(topic, after);
    }) as Bus['replay']);
    const again = recorder();
    await open(hub, again.sub, lastSeen);
    await settle();
    expect(again.prices()).toEqual(['ETH@2', 'SOL@3']);
    await hub.stop();
  });

  it('resumes a filtered client with only its symbols', async () => {
    const bus = createMemoryBus();
    const hub = new PriceHub(bus);
    const [from] = await publish(bus, tick('BTC', '1'));
    await publish(bus, tick('ETH', '2'), tick('BTC', '3'), tick('ETH', '4'));
    const eth = recorder(['ETH']);
    await open(hub, eth.sub, from);
    expect(eth.prices()).toEqual(['ETH@2', 'ETH@4']);
    await hub.stop();
  });

  it('sends a fresh snapshot when the id has left the replay buffer', async () => {
    const bus = createMemoryBus({ replaySize: 10 });
    const hub = new PriceHub(bus);
    await hub.start(); // as at boot: the hub has seen every event
    const [old] = await publish(bus, tick('BTC', '0'));
    const ids = await publish(bus, ...Array.from({ length: 30 }, (_, i) => tick('BTC', String(i + 1))));
    const late = recorder();
    await open(hub, late.sub, old);
    expect(late.messages).toHaveLength(1);
    expect(late.messages[0]!.type).toBe('snapshot');
    // The snapshot carries the newest id, so resuming from it later misses nothing.
    expect(late.messages[0]!.id).toBe(ids.at(-1));
    const next = await publish(bus, tick('ETH', 'x'));
    const resumed = recorder();
    await open(hub, resumed.sub, late.messages[0]!.id);
    expect(resumed.messages.map((m) => m.id)).toEqual(next);
    await hub.stop();
  });

  it('holds a stalled client to the latest price per symbol, then catches it up in order', async () => {
    const bus = createMemoryBus({ replaySize: 100_000 });
    const hub = new PriceHub(bus, { maxPendingKeys: 50 });
    const slow = recorder();
    const handle = await open(hub, slow.sub);
    slow.state.stalled = true;
    for (let i = 0; i < 2_000; i++) await bus.publish(PRICE_TOPIC, tick(['BTC', 'ETH', 'SOL'][i % 3]!, String(i)));
    await settle();
    expect(handle.pendingSize).toBe(3);
    expect(slow.prices()).toEqual([]);

    slow.state.stalled = false;
    handle.drain();
    expect(slow.prices()).toEqual(['SOL@1997', 'BTC@1998', 'ETH@1999']);
    expect(handle.pendingSize).toBe(0);

    // Many symbols: still bounded, keeping the most recently updated.
    slow.state.stalled = true;
    await publish(bus, ...Array.from({ length: 500 }, (_, i) => tick(`S${i}`, '1')));
    expect(handle.pendingSize).toBe(50);
    await hub.stop();
  });

  it('drops a subscriber whose connection broke, without disturbing the others', async () => {
    const bus = createMemoryBus();
    const hub = new PriceHub(bus);
    const healthy = recorder();
    const broken = recorder();
    await open(hub, broken.sub);
    await open(hub, healthy.sub);
    broken.sub.deliver = () => {
      throw new TypeError('Invalid state: Controller is already closed');
    };
    await publish(bus, tick('BTC', '1'));
    expect(healthy.prices()).toEqual(['BTC@1']);
    expect(hub.connections).toBe(1);
    await hub.stop();
  });

  it('sends heartbeats to idle clients', async () => {
    vi.useFakeTimers();
    try {
      const hub = new PriceHub(createMemoryBus(), { heartbeatMs: 15_000 });
      const idle = recorder();
      await open(hub, idle.sub);
      await vi.advanceTimersByTimeAsync(45_500);
      expect(idle.state.heartbeats).toBe(3);
      await hub.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('caps concurrent streams per user or IP', async () => {
    const hub = new PriceHub(createMemoryBus(), { maxConnectionsPerIdentity: 2 });
    const a = await open(hub, recorder().sub, undefined, 'ip:9');
    await open(hub, recorder().sub, undefined, 'ip:9');
    await expect(open(hub, recorder().sub, undefined, 'ip:9')).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    await open(hub, recorder().sub, undefined, 'ip:10');
    a.close();
    await open(hub, recorder().sub, undefined, 'ip:9');
    expect(hub.connections).toBe(3);
    await hub.stop();
  });
});
