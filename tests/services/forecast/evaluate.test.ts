import { describe, expect, it } from 'vitest';
import { chooseVolModel, evaluateForecasts, type VolScore } from '@/server/services/forecast/evaluate';
import { normal, seededRandom } from '@/server/services/market/sources/seeded-random';

/** Closes of a log random walk; `sigmaAt(i)` is the step's standard deviation, `drift` its mean. */
function path(n: number, seed: number, sigmaAt: (i: number) => number, drift = 0): number[] {
  const random = seededRandom(seed);
  const closes = [100];
  for (let i = 0; i < n; i++) closes.push(closes.at(-1)! * Math.exp(drift + sigmaAt(i) * normal(random)));
  return closes;
}

describe('rolling-origin evaluation', () => {
  it('on a random walk: naive MASE ≈ 1, bands cover what they say, at ≥ 1,000 origins', () => {
    // 8,000 steps: 30-step windows overlap, so coverage needs a few hundred independent windows to be
    // measured within a point or two (at 4,000 steps its own noise is ±3 points).
    const card = evaluateForecasts(path(8000, 21, () => 0.001), { maxOrigins: 4000 });
    expect(card.origins).toBeGreaterThanOrEqual(1000);
    expect(card.mase.naive).toBeGreaterThan(0.93);
    expect(card.mase.naive).toBeLessThan(1.07);
    expect(card.pointModel).toBe('naive');
    for (const m of ['rolling', 'ewma', 'garch'] as const) {
      expect(Math.abs(card.vol[m].coverage80 - 0.8)).toBeLessThan(0.02);
      expect(Math.abs(card.vol[m].coverage95 - 0.95)).toBeLessThan(0.01);
      expect(Math.abs(card.vol[m].coverage99 - 0.99)).toBeLessThan(0.005);
    }
    // Plain normal quantiles under-cover even here: an EWMA variance is an estimate from ~30 effective
    // returns, so standardised errors are t-like. Calibration is what closes the gap.
    expect(card.vol.ewma.normalCoverage95).toBeLessThan(card.vol.ewma.coverage95);
  });

  it('finds the trend model better when the series really trends', () => {
    const card = evaluateForecasts(path(3000, 22, () => 0.0005, 0.002));
    expect(card.mase['damped-holt']).toBeLessThan(card.mase.naive * 0.9);
    expect(card.pointModel).toBe('damped-holt');
  });

  it('scores EWMA and GARCH well ahead of constant volatility when volatility clusters', () => {
    // Regimes of 240 steps at ½×, 1× or 2.5× the base volatility, as the simulator's backfill draws them.
    const random = seededRandom(23);
    const regimes = Array.from({ length: 40 }, () => {
      const u = random();
      return u < 0.2 ? 0.5 : u > 0.85 ? 2.5 : 1;
    });
    const card = evaluateForecasts(path(9000, 24, (i) => 0.001 * regimes[Math.floor(i / 240)]!));
    expect(card.vol.ewma.qlike).toBeLessThan(0.8 * card.constantQlike);
    expect(card.vol.garch.qlike).toBeLessThan(0.8 * card.constantQlike);
  });
});

describe('choosing the volatility model', () => {
  const score = (coverage80: number, coverage95: number, qlike: number): VolScore => ({
    coverage80, coverage95, coverage99: 0.99, normalCoverage80: coverage80, normalCoverage95: coverage95, pinball: 0, qlike,
  });

  it('prefers calibrated bands over a lower QLIKE, and the lower QLIKE among calibrated ones', () => {
    expect(chooseVolModel({ rolling: score(0.8, 0.95, 0.5), ewma: score(0.76, 0.93, 0.3), garch: score(0.81, 0.94, 0.4) })).toBe('garch');
    expect(chooseVolModel({ rolling: score(0.7, 0.9, 0.5), ewma: score(0.74, 0.92, 0.3), garch: score(0.72, 0.91, 0.4) })).toBe('ewma');
  });
});
