import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenListOutput, tokenSchema, tokenSourcesOutput } from '@/contracts/tokens';
import { createCaller } from '@/server/api/root';
import type { Context } from '@/server/api/trpc';
import type { Infra } from '@/server/infra/infra';
import { seedAssets } from '@/server/services/market/seed-assets';
import { startTokenRefresh, type TokenRefresh } from '@/server/services/tokens/start-token-refresh';
import { createTestInfra } from '../support/infra';

let infra: Infra;
let refresh: TokenRefresh;

function caller() {
  const resHeaders = new Headers();
  const ctx: Context = {
    requestId: 'test', runtime: 'nodejs', db: infra.db, cache: infra.cache, bus: infra.bus, ratelimit: infra.ratelimit, clock: infra.clock,
    user: null, session: null, clientIp: '203.0.113.7', resHeaders,
  };
  return { api: createCaller(ctx), resHeaders };
}

beforeAll(async () => {
  infra = await createTestInfra();
  await seedAssets(infra.db);
  // The `sim` set: the real adapters over HTTP against the built-in fake upstreams, as in the local profile.
  refresh = await startTokenRefresh(infra, { sim: true, refreshMs: 60_000, names: ['dexscreener', 'geckoterminal', 'jupiter'] });
  await refresh.settled();
});
afterAll(async () => {
  await refresh?.stop();
  await infra?.close();
});

describe('tokens router (public)', () => {
  it('list: merged tokens from the catalogue and the simulated market, decimals as strings, CDN-cacheable', async () => {
    const { api, resHeaders } = caller();
    const page = await api.tokens.list({ sort: 'liquidity', order: 'desc', limit: 5 });
    expect(page.data).toHaveLength(5);
    expect(page.nextCursor).not.toBeNull();
    for (const t of page.data) {
      expect(t.priceUsd).toMatch(/^\d+(\.\d+)?$/);
      expect(t.sources.length).toBeGreaterThan(0);
    }
    expect(resHeaders.get('cache-control')).toMatch(/s-maxage=5/);
    // The documented answer shape (OpenAPI is built from these schemas).
    expect(() => tokenListOutput.parse(page)).not.toThrow();
    // The catalogue's PEPE (ethereum) is followed and priced by both EVM sources.
    const pepe = (await api.tokens.list({ q: 'pepe' })).data[0]!;
    expect(pepe.sources.map((s) => s.name).sort()).toEqual(['dexscreener', 'geckoterminal']);
  });

  it('get: a checksummed EVM address finds the lower-cased token, with per-source detail', async () => {
    const { api } = caller();
    const weth = await api.tokens.get({ chain: 'ethereum', address: '0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2' });
    expect(weth.address).toBe('0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2');
    expect(weth.fieldSources.priceUsd).not.toBeNull();
    expect(() => tokenSchema.parse(weth)).not.toThrow();
    await expect(api.tokens.get({ chain: 'solana', address: 'So11111111111111111111111111111111111111113' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('bad input is a 400 naming the field, not a 500', async () => {
    const { api } = caller();
    await expect(api.tokens.list({ chain: 'dogecoin' as 'solana' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(api.tokens.list({ minLiquidity: '1e9' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(api.tokens.get({ chain: 'ethereum', address: 'not-an-address' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('sources: breaker state, last success and budget for each upstream', async () => {
    const { api } = caller();
    const health = await api.tokens.sources();
    expect(() => tokenSourcesOutput.parse(health)).not.toThrow();
    const { data } = health;
    expect(data.map((s) => [s.name, s.state, s.limitPerMinute])).toEqual([
      ['dexscreener', 'closed', 300],
      ['geckoterminal', 'closed', 30],
      ['jupiter', 'closed', 60],
    ]);
    expect(data.every((s) => s.lastSuccessAt !== null && s.usedPerMinute > 0)).toBe(true);
  });
});
