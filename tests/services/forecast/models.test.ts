import { describe, expect, it } from 'vitest';
import { AppError } from '@/server/errors';
import { addCell, bandCells, calibrateBands, scoreBands } from '@/server/services/forecast/band-calibration';
import { logNormalBands } from '@/server/services/forecast/bands';
import { forecastPath } from '@/server/services/forecast/forecast-path';
import { fitGarch, garchTermStructure, longRunVariance } from '@/server/services/forecast/garch';
import { priceHistory, type ClosePoint } from '@/server/services/forecast/history';
import { Z80, Z95 } from '@/server/services/forecast/quantiles';
import { ewmaVariances, rollingVariances } from '@/server/services/forecast/volatility';
import { normal, seededRandom } from '@/server/services/market/sources/seeded-random';

const MINUTE = 60_000;

function simulateGarch(n: number, p: { omega: number; alpha: number; beta: number }, seed: number): number[] {
  const random = seededRandom(seed);
  let v = longRunVariance(p);
  const out: number[] = [];
  for (let i = 0; i < n + 500; i++) {
    const r = Math.sqrt(v) * normal(random);
    if (i >= 500) out.push(r); // burn-in: forget the starting variance
    v = p.omega + p.alpha * r * r + p.beta * v;
  }
  return out;
}

const walk = (n: number, seed: number, sigma = 0.001): ClosePoint[] => {
  const random = seededRandom(seed);
  let price = 100;
  return Array.from({ length: n }, (_, i) => {
    if (i > 0) price *= Math.exp(sigma * normal(random));
    return { t: i * MINUTE, close: price };
  });
};

describe('GARCH(1,1) maximum likelihood', () => {
  it.each([
    { omega: 1e-7, alpha: 0.08, beta: 0.9, seed: 11 },
    { omega: 4e-7, alpha: 0.15, beta: 0.75, seed: 12 },
  ])('recovers ω=$omega α=$alpha β=$beta from a simulated series', (truth) => {
    const fit = fitGarch(simulateGarch(8000, truth, truth.seed));
    expect(Math.abs(fit.alpha - truth.alpha)).toBeLessThan(0.03);
    expect(Math.abs(fit.beta - truth.beta)).toBeLessThan(0.05);
    expect(fit.omega / truth.omega).toBeGreaterThan(0.6);
    expect(fit.omega / truth.omega).toBeLessThan(1.6);
    expect(fit.alpha + fit.beta).toBeLessThan(1);
  });

  it('forecasts variance that decays from the current level to the long-run level', () => {
    const p = { omega: 1e-7, alpha: 0.1, beta: 0.85 };
    const [first, second, , , ...rest] = garchTermStructure(p, 4e-6, 200);
    expect(first).toBe(4e-6);
    expect(second).toBeCloseTo(longRunVariance(p) + 0.95 * (4e-6 - longRunVariance(p)), 15);
    expect(rest.at(-1)! / longRunVariance(p)).toBeCloseTo(1, 4);
  });
});

describe('EWMA and rolling variance', () => {
  const returns = [0.01, -0.02, 0.03];
  const seed = (1e-4 + 4e-4 + 9e-4) / 3; // mean square of the first returns (all three here)

  it('EWMA follows σ²ₜ₊₁ = 0.94σ²ₜ + 0.06r²ₜ from the seed', () => {
    const v1 = 0.94 * seed + 0.06 * 1e-4;
    const v2 = 0.94 * v1 + 0.06 * 4e-4;
    const v3 = 0.94 * v2 + 0.06 * 9e-4;
    const got = ewmaVariances(returns);
    [seed, v1, v2, v3].forEach((v, i) => expect(got[i]).toBeCloseTo(v, 15));
  });

  it('rolling variance is the mean square of the last window', () => {
    const got = rollingVariances(returns, 2);
    [seed, 1e-4, (1e-4 + 4e-4) / 2, (4e-4 + 9e-4) / 2].forEach((v, i) => expect(got[i]).toBeCloseTo(v, 15));
  });
});

describe('random-walk bands', () => {
  it('widen as √h around the last price, 95 % outside 80 %', () => {
    const sigma = 0.002;
    const points = logNormalBands(100, new Array(100).fill(sigma * sigma), { kurtosis: 0 });
    const halfWidth80 = (h: number) => Math.log(points[h - 1]!.upper80 / points[h - 1]!.lower80) / 2;
    expect(halfWidth80(1)).toBeCloseTo(Z80 * sigma, 12);
    expect(halfWidth80(4) / halfWidth80(1)).toBeCloseTo(2, 10);
    expect(halfWidth80(100) / halfWidth80(1)).toBeCloseTo(10, 10);
    const p = points[24]!;
    expect(Math.log(p.upper95 / p.lower95) / 2).toBeCloseTo(Z95 * sigma * 5, 12);
    expect(p.mean).toBe(100);
    expect(p.lower99).toBeLessThan(p.lower95);
    expect(p.upper99).toBeGreaterThan(p.upper95);
  });

  it('fat tails widen the 99 % band most at short horizons', () => {
    const v = new Array(100).fill(1e-6);
    const normal99 = logNormalBands(100, v, { kurtosis: 0 });
    const fat99 = logNormalBands(100, v, { kurtosis: 6 });
    const ratio = (h: number) => Math.log(fat99[h - 1]!.upper99 / 100) / Math.log(normal99[h - 1]!.upper99 / 100);
    expect(ratio(1)).toBeGreaterThan(1.1);
    expect(ratio(100)).toBeLessThan(ratio(1));
  });
});

describe('history checks', () => {
  const expectInsufficient = (fn: () => unknown, message: RegExp) => {
    try {
      fn();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('UNPROCESSABLE');
      expect((error as AppError).reason).toBe('INSUFFICIENT_HISTORY');
      expect((error as AppError).message).toMatch(message);
      return;
    }
    throw new Error('expected INSUFFICIENT_HISTORY');
  };

  it('refuses a short history', () => {
    expectInsufficient(() => priceHistory(walk(50, 1), MINUTE), /Only 50 candles/);
  });

  it('refuses constant prices', () => {
    const flat = Array.from({ length: 300 }, (_, i) => ({ t: i * MINUTE, close: 42 }));
    expectInsufficient(() => priceHistory(flat, MINUTE), /not moved/);
  });

  it('uses only the run after the last gap, and refuses it when that run is short', () => {
    const points = walk(400, 2);
    const gapped = [...points.slice(0, 350), ...points.slice(351)];
    expectInsufficient(() => priceHistory(gapped, MINUTE), /since the last gap/);
    const early = [...points.slice(0, 100), ...points.slice(101)];
    expect(priceHistory(early, MINUTE).closes).toHaveLength(299);
  });

  it('refuses a non-positive close', () => {
    const points = walk(300, 3);
    points[200] = { t: points[200]!.t, close: 0 };
    expectInsufficient(() => priceHistory(points, MINUTE), /positive/);
  });

  it.each(['rolling', 'ewma', 'garch'] as const)('%s forecasts from a valid history are finite numbers', (volModel) => {
    const history = priceHistory(walk(400, 4), MINUTE);
    for (const pointModel of ['naive', 'damped-holt'] as const) {
      const f = forecastPath(history, { horizon: 240, intervalMs: MINUTE, pointModel, volModel });
      expect(f.points).toHaveLength(240);
      for (const p of f.points) for (const v of Object.values(p)) expect(Number.isFinite(v)).toBe(true);
      expect(Number.isFinite(f.volatility.annualized)).toBe(true);
      // A 0.1 %-per-minute walk: about 0.001·√525600 ≈ 72 % a year.
      expect(f.volatility.typicalAnnualized).toBeGreaterThan(0.5);
      expect(f.volatility.typicalAnnualized).toBeLessThan(1);
    }
  });
});

describe('band calibration (split conformal)', () => {
  const cellsOf = (draw: () => number, n = 20_000) => {
    const cells = bandCells(n);
    const v = 1e-6;
    for (let i = 0; i < n; i++) addCell(cells, -v / 2 + Math.sqrt(v) * draw(), v);
    return cells;
  };

  it('leaves normal errors at the normal quantiles and widens for fat-tailed ones', () => {
    const random = seededRandom(31);
    const normalScale = calibrateBands(cellsOf(() => normal(random)), 0, 20_000);
    expect(normalScale.k80).toBeCloseTo(1, 1);
    expect(normalScale.k95).toBeCloseTo(1, 1);
    // A 50/50 mix of ½σ and 1.5σ regimes, rescaled to unit variance: fat tails, so 95 % needs more than 1.96 SD.
    const mixed = calibrateBands(cellsOf(() => (random() < 0.5 ? 0.5 : 1.5) * normal(random) / Math.sqrt(1.25)), 0, 20_000);
    expect(mixed.k95).toBeGreaterThan(1.03);
    expect(mixed.k80).toBeLessThan(1);
    const scored = scoreBands(cellsOf(() => (random() < 0.5 ? 0.5 : 1.5) * normal(random) / Math.sqrt(1.25)), 0, 20_000, mixed);
    expect(scored.coverage95).toBeCloseTo(0.95, 2);
    expect(scored.coverage80).toBeCloseTo(0.8, 1);
  });

  it('scales the served bands by the calibration', () => {
    const v = new Array(10).fill(1e-6);
    const plain = logNormalBands(100, v, { kurtosis: 0 });
    const wide = logNormalBands(100, v, { kurtosis: 0, scale: { k80: 1, k95: 1.1, k99: 1.2 } });
    const half95 = (p: { upper95: number; lower95: number }) => Math.log(p.upper95 / p.lower95);
    expect(half95(wide[9]!) / half95(plain[9]!)).toBeCloseTo(1.1, 10);
    expect(wide[9]!.upper80).toBe(plain[9]!.upper80);
  });
});
