import { eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { singletonLeases } from '@/db/schema';
import type { Infra } from '@/server/infra/infra';
import { runUnderLease, type LeasedSingleton } from '@/server/services/leases/leased-singleton';
import { acquireLease } from '@/server/services/leases/singleton-lease';
import { createTestInfra } from '../../support/infra';
import { capturingLogger } from '../../support/logger';

let infra: Infra;
const open: LeasedSingleton[] = [];
beforeEach(async () => {
  infra = await createTestInfra();
});
afterEach(async () => {
  for (const s of open.splice(0)) await s.stop();
  await infra.close();
});

/** A singleton that counts how many copies of it run in this test. */
function counted() {
  const state = { starts: 0, runningNow: 0 };
  const start = async () => {
    state.starts++;
    state.runningNow++;
    return { stop: async () => void state.runningNow-- };
  };
  return { state, start };
}

async function instance(holder: string, start: () => Promise<{ stop(): Promise<void> }>, ttlMs = 300) {
  const s = await runUnderLease({ db: infra.db, logger: capturingLogger().logger, name: 'test-singleton', holder, ttlMs, start });
  open.push(s);
  return s;
}

describe('runUnderLease (local profile, one database)', () => {
  it('runs the singleton as soon as a lone process starts: the lease is free', async () => {
    const { state, start } = counted();
    const only = await instance('local', start, 15_000);
    expect(only.running).toBe(true);
    expect(state).toEqual({ starts: 1, runningNow: 1 });
  });

  it('keeps a second instance waiting while the holder renews, and hands over on a clean stop', async () => {
    const { state, start } = counted();
    const first = await instance('first', start);
    const second = await instance('second', start);
    expect([first.running, second.running]).toEqual([true, false]);
    // Two TTLs pass (on the database's clock, which expiry is judged by): the holder renews, the waiter waits.
    await new Promise((r) => setTimeout(r, 600));
    expect([first.running, second.running, state.runningNow]).toEqual([true, false, 1]);

    await first.stop();
    await expect.poll(() => second.running, { timeout: 1_000, interval: 10 }).toBe(true);
    expect(state).toEqual({ starts: 2, runningNow: 1 });
  });

  it('stops a holder whose lease was taken over (it stalled past the TTL): its renewal is refused by the fence', async () => {
    const { state, start } = counted();
    const stale = await instance('stale', start);
    // Its lease runs out while it stalls, and another instance takes it: the fence moves on.
    await infra.db.update(singletonLeases).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(singletonLeases.name, 'test-singleton'));
    const taken = await acquireLease(infra.db, 'test-singleton', 'newcomer', 60_000);
    expect(taken!.fence).toBe(2);
    await expect.poll(() => stale.running, { timeout: 1_000, interval: 10 }).toBe(false);
    expect(state).toEqual({ starts: 1, runningNow: 0 });
  });

  it('gives the lease back when the singleton fails to start, and tries again at the next poll', async () => {
    let attempts = 0;
    const flaky = await instance('flaky', async () => {
      if (++attempts === 1) throw new Error('feed source unreachable');
      return { stop: async () => {} };
    });
    expect(flaky.running).toBe(false);
    await expect.poll(() => flaky.running, { timeout: 1_000, interval: 10 }).toBe(true);
    expect(attempts).toBe(2);
  });
});
