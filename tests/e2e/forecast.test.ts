import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server';

const METRICS_TOKEN = 'forecast-e2e-metrics';

/** The forecast cache's hits, from the Prometheus scrape. */
async function forecastCacheHits(server: RunningServer): Promise<number> {
  const text = await (await fetch(`${server.url}/api/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  const line = text.split('\n').find((l) => l.startsWith('primetrade_cache_lookups_total{') && l.includes('family="forecast"') && l.includes('result="hit"'));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

describe('forecasts over HTTP (next start)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ env: { METRICS_TOKEN } });
  });
  afterAll(async () => server?.stop());

  it('answers the REST shape with CDN headers; a second call within 60 s is a cache hit', async () => {
    const url = `${server.url}/api/v1/assets/BTC/forecast?interval=1m&horizon=30`;
    // The day of history is backfilled in the background after start: wait for it.
    let res = await fetch(url);
    for (let tries = 0; res.status === 422 && tries < 60; tries++) {
      await new Promise((r) => setTimeout(r, 1000));
      res = await fetch(url);
    }
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/public, s-maxage=60/);
    const body = (await res.json()) as {
      symbol: string;
      interval: string;
      model: string;
      points: { t: number; mean: string; lower80: string; upper80: string; lower95: string; upper95: string; lower99: string; upper99: string }[];
      volatility: { model: string; perStep: string; annualized: string };
    };
    expect(body).toMatchObject({ symbol: 'BTC', interval: '1m' });
    // The point model is the one the symbol's backtest chose; on a martingale that is the last price or close to it.
    expect(['naive', 'damped-holt']).toContain(body.model);
    expect(body.points).toHaveLength(30);
    for (const p of body.points) {
      for (const v of [p.mean, p.lower80, p.upper80, p.lower95, p.upper95, p.lower99, p.upper99]) expect(v).toMatch(/^\d+(\.\d+)?$/);
      expect(Number(p.lower99)).toBeLessThanOrEqual(Number(p.lower95));
      expect(Number(p.lower95)).toBeLessThanOrEqual(Number(p.lower80));
      expect(Number(p.lower80)).toBeLessThan(Number(p.upper80));
      expect(Number(p.upper80)).toBeLessThanOrEqual(Number(p.upper95));
    }
    // The bands widen with the horizon.
    const width = (i: number) => Number(body.points[i]!.upper95) - Number(body.points[i]!.lower95);
    expect(width(29)).toBeGreaterThan(width(0));
    expect(['rolling', 'ewma', 'garch']).toContain(body.volatility.model);

    const before = await forecastCacheHits(server);
    const again = await fetch(url);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(body);
    expect(await forecastCacheHits(server)).toBeGreaterThan(before);
  });

  it('refuses an unknown symbol (404) and a bad horizon or interval (400 naming the field)', async () => {
    const unknown = await fetch(`${server.url}/api/v1/assets/NOTACOIN/forecast?interval=1m&horizon=5`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    const horizon = await fetch(`${server.url}/api/v1/assets/BTC/forecast?interval=1m&horizon=500`);
    expect(horizon.status).toBe(400);
    expect(((await horizon.json()) as { error: { details: { fieldErrors: Record<string, string[]> } } }).error.details.fieldErrors).toHaveProperty('horizon');
    const interval = await fetch(`${server.url}/api/v1/assets/BTC/forecast?interval=2m&horizon=5`);
    expect(interval.status).toBe(400);
    expect(((await interval.json()) as { error: { details: { fieldErrors: Record<string, string[]> } } }).error.details.fieldErrors).toHaveProperty('interval');
    expect(horizon.headers.get('cache-control')).not.toMatch(/s-maxage/);
  });
});
