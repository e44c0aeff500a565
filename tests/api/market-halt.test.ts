import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Infra } from '@/server/infra/infra';
import { callerFor } from '../support/caller';
import { createTestInfra } from '../support/infra';
import { insertAsset, insertUser } from '../support/trading';

let infra: Infra;
beforeAll(async () => {
  infra = await createTestInfra();
  await insertAsset(infra, 'HLT');
});
afterAll(() => infra.close());

describe('market.halt (public)', () => {
  it('tells anyone whether a symbol is halted, why and until when; resuming clears it', async () => {
    const anonymous = callerFor(infra);
    expect(await anonymous.market.halt({ symbol: 'hlt' })).toEqual({ symbol: 'HLT', halted: false, source: null, reason: null, until: null });

    const admin = callerFor(infra, await insertUser(infra, 'admin'));
    await admin.admin.halts.halt({ symbol: 'HLT', reason: 'exchange maintenance', durationMinutes: 30 });
    const halted = await anonymous.market.halt({ symbol: 'HLT' });
    expect(halted).toMatchObject({ halted: true, source: 'manual', reason: 'exchange maintenance' });
    expect(halted.until!.getTime() - Date.now()).toBeGreaterThan(29 * 60_000);

    await admin.admin.halts.resume({ symbol: 'HLT' });
    expect((await anonymous.market.halt({ symbol: 'HLT' })).halted).toBe(false);
  });
});
