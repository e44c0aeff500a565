import type { PriceSource, SourceTick } from './price-source';
import { hashString, normal, seededRandom } from './seeded-random';

export interface SimulatedAsset {
  symbol: string;
  pricePrecision: number;
  qtyPrecision: number;
  startPrice: number;
  /** Annualised volatility in the normal regime. */
  volatility: number;
}

export interface SimulatorOptions {
  assets: readonly SimulatedAsset[];
  seed: number;
  /** Time of the first tick schedule; defaults to the clock at creation. */
  startMs?: number;
  now?: () => number;
  /** How often the running source emits what has become due. */
  loopMs?: number;
}

const YEAR_MS = 365 * 24 * 3600 * 1000;
/** Volatility multipliers of the calm / normal / turbulent regimes. */
const REGIMES = [0.5, 1, 2.5] as const;
/** Mean time spent in a regime before switching. */
const REGIME_MEAN_MS = 10 * 60_000;
/** Jumps per year and their size (log-return standard deviation). */
const JUMPS_PER_YEAR = 2_000;
const JUMP_SIGMA = 0.01;
/** Notional per tick (USD) that tick volumes scatter around. */
const TICK_NOTIONAL = 5_000;

interface AssetState {
  asset: SimulatedAsset;
  random: () => number;
  price: number;
  regime: number;
  /** Mean ticks per second, drawn per asset (2–6). */
  rate: number;
  nextTs: number;
  lastTs: number;
}

export interface Simulator extends PriceSource {
  /** Every tick due up to `ms`, in time order. Deterministic for a given seed, assets and start time. */
  advanceTo(ms: number): SourceTick[];
  /** Mean ticks per second across all assets. */
  readonly ticksPerSecond: number;
}

/**
 * Seeded geometric Brownian motion per asset with Markov volatility regimes and Poisson jumps; tick times
 * are a Poisson process at a per-asset rate. The same seed gives the same prices at the same tick times.
 */
export function createSimulator(opts: SimulatorOptions): Simulator {
  const now = opts.now ?? Date.now;
  const startMs = opts.startMs ?? now();
  const states: AssetState[] = opts.assets.map((asset) => {
    const random = seededRandom(opts.seed ^ hashString(asset.symbol));
    const rate = 2 + random() * 4;
    return { asset, random, price: asset.startPrice, regime: 1, rate, nextTs: startMs + interArrival(random, rate), lastTs: startMs };
  });

  const advanceTo = (ms: number): SourceTick[] => {
    const due: SourceTick[] = [];
    for (const s of states) {
      while (s.nextTs <= ms) {
        due.push(step(s, s.nextTs));
        s.nextTs += interArrival(s.random, s.rate);
      }
    }
    return due.sort((a, b) => a.ts - b.ts);
  };

  return {
    name: 'simulator',
    ticksPerSecond: states.reduce((sum, s) => sum + s.rate, 0),
    advanceTo,
    start(emit) {
      const timer = setInterval(() => {
        const ticks = advanceTo(now());
        if (ticks.length > 0) emit(ticks);
      }, opts.loopMs ?? 100);
      return () => clearInterval(timer);
    },
  };
}

/** Exponential gap (ms, at least 1) between ticks of a Poisson process with `rate` per second. */
function interArrival(random: () => number, rate: number): number {
  return Math.max(1, Math.round((-Math.log(1 - random()) / rate) * 1000));
}

function step(s: AssetState, ts: number): SourceTick {
  const dtMs = Math.max(1, ts - s.lastTs);
  s.lastTs = ts;
  if (s.random() < dtMs / REGIME_MEAN_MS) {
    // Move to a neighbouring regime, so calm and turbulent spells are separated by normal ones.
    s.regime = s.regime === 1 ? (s.random() < 0.5 ? 0 : 2) : 1;
  }
  const dt = dtMs / YEAR_MS;
  const sigma = s.asset.volatility * REGIMES[s.regime as 0 | 1 | 2];
  let logReturn = -0.5 * sigma * sigma * dt + sigma * Math.sqrt(dt) * normal(s.random);
  if (s.random() < JUMPS_PER_YEAR * dt) logReturn += JUMP_SIGMA * normal(s.random);
  const tickSize = 10 ** -s.asset.pricePrecision;
  s.price = Math.max(tickSize, s.price * Math.exp(logReturn));
  const qtyStep = 10 ** -s.asset.qtyPrecision;
  const qty = Math.max(qtyStep, (TICK_NOTIONAL / s.price) * Math.exp(0.8 * normal(s.random)));
  return {
    symbol: s.asset.symbol,
    price: s.price.toFixed(s.asset.pricePrecision),
    volume: qty.toFixed(s.asset.qtyPrecision),
    ts,
  };
}
