import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Infra } from '@/server/infra/infra';
import { callerFor } from '../../support/caller';
import { createTestInfra } from '../../support/infra';
import { insertAsset, insertUser, setLatestPrice } from '../../support/trading';

let infra: Infra;

beforeAll(async () => {
  infra = await createTestInfra();
  await insertAsset(infra, 'STR', { pricePrecision: 2, qtyPrecision: 2 });
  await setLatestPrice(infra, 'STR', '10.00', Date.now() + 3_600_000);
});
afterAll(() => infra.close());

type Tracked = { id: string; data: { type: string; order?: { id: string; status: string }; fill?: { orderId: string } } };

async function take(iterable: AsyncIterable<unknown>, n: number): Promise<Tracked[]> {
  const out: Tracked[] = [];
  const it = iterable[Symbol.asyncIterator]();
  while (out.length < n) {
    const next = await it.next();
    if (next.done) break;
    // tracked(id, data) travels as an envelope [id, data, marker]; SSE turns it into `id:` + `data:`.
    const [id, data] = next.value as [string, Tracked['data']];
    out.push({ id, data });
  }
  await it.return?.();
  return out;
}

describe('stream.account', () => {
  it("streams the owner's order updates and fills, never another user's, and resumes after Last-Event-ID", async () => {
    const a = await insertUser(infra);
    const b = await insertUser(infra);
    const asA = callerFor(infra, a);
    const stream = await asA.stream.account({});
    const received = take(stream, 2);
    await new Promise((r) => setTimeout(r, 10));

    await callerFor(infra, b).trading.placeOrder({ symbol: 'STR', side: 'buy', type: 'market', qty: '1', timeInForce: 'gtc' });
    const mine = await asA.trading.placeOrder({ symbol: 'STR', side: 'buy', type: 'market', qty: '2', timeInForce: 'gtc' });
    const events = await received;
    expect(events.map((e) => e.data.type)).toEqual(['order', 'fill']);
    expect(events[0]!.data.order).toMatchObject({ id: mine.id, status: 'filled' });
    expect(events[1]!.data.fill?.orderId).toBe(mine.id);

    // Reconnect after the first event: the second is replayed from the bus buffer.
    const resumed = await take(await asA.stream.account({ lastEventId: events[0]!.id }), 1);
    expect(resumed[0]!.id).toBe(events[1]!.id);
  });
});
