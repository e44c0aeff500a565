import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBotInput } from '@/contracts/bots';
import { bots, candles } from '@/db/schema';
import { createMemoryBus } from '@/server/infra/bus/memory';
import { createMemoryCache } from '@/server/infra/cache/memory';
import { openNodePostgres } from '@/server/infra/db/node-postgres';
import type { DbHandle } from '@/server/infra/db/types';
import { createBot, listBotDecisions, setBotStatus } from '@/server/services/bots/live/bots';
import { createBotRunner } from '@/server/services/bots/live/runner';
import { createScratchPostgres } from '../../support/infra';
import { announceSkip, services } from '../../support/services';
import { insertAsset, insertUser, manualClock, setLatestPrice } from '../../support/trading';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 0, 5, 12, 0);

// Two instances (two connection pools, two runners) on one Postgres: a bot is stepped by one of them only,
// and the other takes it over when the first stops or dies. The lease lives in Postgres; Redis plays no part.
announceSkip('postgres', 'bot runner lease on Postgres');
describe.skipIf(!services.postgres)('bot runner lease on Postgres', () => {
  let pg: Awaited<ReturnType<typeof createScratchPostgres>>;
  let second: DbHandle;
  beforeAll(async () => {
    pg = await createScratchPostgres(services.postgres!);
    second = await openNodePostgres(pg.url);
  });
  afterAll(async () => {
    await second?.close();
    await pg?.close();
  });

  it('never steps one bot from two runners; a dead runner’s bot is taken over after its lease', async () => {
    await insertAsset(pg, 'LSE', { pricePrecision: 2, qtyPrecision: 4 });
    const user = await insertUser(pg);
    const clock = manualClock(T0);
    const cache = createMemoryCache(); // the latest price, as Redis would share it
    const a = createBotRunner({ db: pg.db, cache, bus: createMemoryBus(), clock: clock.clock }, { runnerId: 'A', leaseMs: 5 * MINUTE });
    const b = createBotRunner({ db: second.db, cache, bus: createMemoryBus(), clock: clock.clock }, { runnerId: 'B', leaseMs: 5 * MINUTE });
    const bot = await createBot(
      pg.db,
      user.id,
      createBotInput.parse({ name: 'dca', strategy: 'dca', params: { amount: '100', everyBars: 1 }, symbol: 'LSE', interval: '1m' }),
    );
    await setBotStatus(pg.db, user.id, bot.id, 'start');

    const holders: (string | null)[] = [];
    const close = async (i: number, runners: (typeof a)[]) => {
      const bucket = new Date(T0 + i * MINUTE);
      await pg.db.insert(candles).values({
        symbol: 'LSE', interval: '1m', bucket, open: '100', high: '100', low: '100', close: '100', volume: '1', trades: 1,
        openTs: bucket, closeTs: new Date(bucket.getTime() + 59_000),
      });
      clock.set(T0 + (i + 1) * MINUTE);
      await setLatestPrice({ cache }, 'LSE', '100', clock.now());
      await Promise.all(runners.map((r) => r.runOnce()));
      const [row] = await pg.db.select({ lockedBy: bots.lockedBy }).from(bots).where(eq(bots.id, bot.id));
      holders.push(row!.lockedBy);
    };

    // Close 0 warms the strategy up; closes 1–5 each buy once, whoever holds the bot.
    for (let i = 0; i <= 5; i++) await close(i, [a, b]);
    expect(new Set(holders).size, JSON.stringify(holders)).toBe(1);
    const first = holders[0]!;
    // The holder stops renewing from here on: it "dies".
    const survivor = first === 'A' ? b : a;

    // Within the lease the survivor may not take the bot…
    await close(6, [survivor]);
    expect(holders.at(-1)).toBe(first);
    // …after it (the next close comes 6 minutes later), it does, and goes on from the last close decided on.
    await close(12, [survivor]);
    expect(holders.at(-1)).toBe(survivor.runnerId);

    const log = await listBotDecisions(pg.db, user.id, { id: bot.id, limit: 100 });
    const bars = log.data.map((d) => (d.t - T0) / MINUTE).toReversed();
    // One decision per close, none twice; close 6 came while nobody could run the bot, so close 12 caught up
    // on it without trading (only the newest close trades).
    expect(bars).toEqual([1, 2, 3, 4, 5, 12]);
    expect(log.data.every((d) => d.orderId && !d.error)).toBe(true);
  });
});
