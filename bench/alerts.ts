/**
 * bench/alerts — price alert evaluation.
 *
 *   1. Evaluator throughput: ticks/s of the AlertEvaluator over 24 symbols (a random walk) with BENCH_ALERTS
 *      (default 100,000) active alerts of every condition, against the same evaluator with none, and against a
 *      scan that judges every alert of the symbol on every tick (what the per-symbol index avoids).
 *   2. Tick → notification on the stream: the alert engine on in-memory PGlite with the same alerts stored,
 *      a probe user's alerts crossed one per tick; latency from publishing the tick to the notification
 *      arriving on `stream.notifications` (p50/p99). Target: p99 < 250 ms.
 *
 * Run: npm run bench -- alerts   (or: node --conditions=react-server --import tsx bench/alerts.ts)
 */
import { alerts, users } from '@/db/schema';
import { createCaller } from '@/server/api/root';
import { createLocalInfra } from '@/server/infra/local';
import { AlertEvaluator } from '@/server/services/alerts/alert-evaluator';
import { conditionHolds, frequencyAllows, type AlertRule, type TickMove } from '@/server/services/alerts/alert-rule';
import { startAlertEngine } from '@/server/services/alerts/alert-engine';
import { PRICE_TOPIC } from '@/server/services/market/price-tick';
import { seedAssets } from '@/server/services/market/seed-assets';
import { ALERT_CONDITIONS } from '@/contracts/enums';

const ALERTS = Number(process.env.BENCH_ALERTS ?? 100_000);
const TICKS = Number(process.env.BENCH_ALERT_TICKS ?? 200_000);
const PROBES = Number(process.env.BENCH_ALERT_PROBES ?? 200);
const SYMBOLS = Array.from({ length: 24 }, (_, i) => `S${i}`);

let seed = 7;
const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);

/** An alert that rarely fires in the walk below (levels 10–30 % away, moves of 20–50 %), as most alerts are. */
function backgroundRule(i: number, symbol: string): AlertRule {
  const condition = ALERT_CONDITIONS[i % ALERT_CONDITIONS.length]!;
  const side = random() < 0.5 ? 1 - (0.1 + random() * 0.2) : 1 + (0.1 + random() * 0.2);
  const level = 100 * side;
  const move = condition === 'moves_up_pct' || condition === 'moves_down_pct';
  const channel = condition === 'enters_channel' || condition === 'exits_channel';
  return {
    id: `b${i}`,
    userId: 'u',
    symbol,
    condition,
    value: move ? 20 + random() * 30 : channel ? null : condition === 'above' ? 200 : condition === 'below' ? 50 : level,
    lower: channel ? level : null,
    upper: channel ? level * 1.05 : null,
    windowMinutes: move ? [5, 15, 60, 240][i % 4]! : null,
    frequency: 'every_time',
    intervalMs: null,
    cooldownMs: 60_000,
    expiresAt: null,
    lastPrice: null,
    lastFiredAt: null,
  };
}

function walk(count: number): [string, number, number][] {
  const prices = new Map(SYMBOLS.map((s) => [s, 100]));
  return Array.from({ length: count }, (_, i) => {
    const symbol = SYMBOLS[i % SYMBOLS.length]!;
    const price = prices.get(symbol)! * (1 + (random() - 0.5) * 0.002);
    prices.set(symbol, price);
    return [symbol, price, 1_700_000_000_000 + i * 10];
  });
}

function throughput(run: () => void): number {
  const started = performance.now();
  run();
  return TICKS / ((performance.now() - started) / 1000);
}

// 1. Evaluator throughput ------------------------------------------------------------------------------
const ticks = walk(TICKS);
const rules = Array.from({ length: ALERTS }, (_, i) => backgroundRule(i, SYMBOLS[i % SYMBOLS.length]!));
const empty = new AlertEvaluator();
const full = new AlertEvaluator();
for (const r of rules) full.add({ ...r });
const bySymbol = new Map(SYMBOLS.map((s) => [s, rules.filter((r) => r.symbol === s)]));

// Three alternating rounds (the first warms the JIT); each figure is its best round. Each round's ticks
// come later in time than the last, so cooldowns run as they would live.
let none = 0;
let indexed = 0;
let fired = 0;
for (let round = 0; round < 3; round++) {
  const shift = round * TICKS * 10;
  none = Math.max(none, throughput(() => {
    for (const [s, p, ts] of ticks) empty.onTick(s, p, ts + shift);
  }));
  indexed = Math.max(indexed, throughput(() => {
    for (const [s, p, ts] of ticks) fired += full.onTick(s, p, ts + shift).fired.length;
  }));
}
// The scan leaves percentage windows out (it is cheaper than a real scan), so index/scan is a floor.
const previous = new Map<string, number>();
const scanTicks = ticks.slice(0, Math.max(1, Math.floor(TICKS / 50)));
const scanStarted = performance.now();
for (const [s, p, ts] of scanTicks) {
  const move: TickMove = { previous: previous.get(s) ?? null, price: p, ts, risePct: () => 0, fallPct: () => 0 };
  for (const r of bySymbol.get(s)!) if (conditionHolds(r, move) && frequencyAllows(r, ts)) r.lastFiredAt = ts;
  previous.set(s, p);
}
const scan = scanTicks.length / ((performance.now() - scanStarted) / 1000);
const f0 = (x: number) => Math.round(x).toLocaleString('en-US');
console.log(`alerts: evaluator ${f0(indexed)} ticks/s with ${f0(ALERTS)} alerts, ${f0(none)} ticks/s with none | ratio ${(indexed / none).toFixed(3)} (${f0(fired)} fires in 3 rounds)`);
console.log(`alerts: scan of every alert per tick ${f0(scan)} ticks/s | index/scan ${(indexed / scan).toFixed(1)}×`);

// 2. Tick → notification on the stream ----------------------------------------------------------------
const infra = await createLocalInfra({ dataDir: undefined });
await seedAssets(infra.db);
const [owner] = await infra.db.insert(users).values({ email: 'bench-bulk@example.test', name: 'Bulk' }).returning();
const [probe] = await infra.db.insert(users).values({ email: 'bench-probe@example.test', name: 'Probe' }).returning();
const symbol = 'BTC';
const catalogue = ['BTC', 'ETH', 'SOL', 'AAPL'];
for (let i = 0; i < ALERTS; i += 5_000) {
  await infra.db.insert(alerts).values(
    rules.slice(i, i + 5_000).map((r, j) => ({
      userId: owner!.id,
      symbol: catalogue[(i + j) % catalogue.length]!,
      condition: r.condition,
      value: r.value === null ? null : String((r.value * 600).toFixed(2)),
      lower: r.lower === null ? null : String((r.lower * 600).toFixed(2)),
      upper: r.upper === null ? null : String((r.upper * 600).toFixed(2)),
      windowMinutes: r.windowMinutes,
      frequency: 'every_time' as const,
      cooldownSeconds: 60,
      lastPrice: '60000',
    })),
  );
}
// The probe's levels sit just above one another: each tick below crosses exactly one.
await infra.db.insert(alerts).values(
  Array.from({ length: PROBES }, (_, i) => ({
    userId: probe!.id,
    symbol,
    condition: 'crosses_above' as const,
    value: (60_000 + i + 0.5).toFixed(2),
    frequency: 'once' as const,
    lastPrice: '60000',
  })),
);
const engine = await startAlertEngine(infra, { flushMs: 3_600_000, expiryMs: 3_600_000 });
const ctx = {
  requestId: 'bench',
  runtime: 'nodejs' as const,
  ...infra,
  user: { id: probe!.id, email: 'bench-probe@example.test', name: 'Probe', role: 'user' as const },
  session: { sid: 'bench', via: 'bearer' as const, scopes: null },
  clientIp: '127.0.0.1',
  resHeaders: new Headers(),
};
const stream = (await createCaller(ctx as never).stream.notifications({}))[Symbol.asyncIterator]();
const latencies: number[] = [];
for (let i = 0; i < PROBES; i++) {
  const arrived = stream.next();
  const sent = performance.now();
  await infra.bus.publish(PRICE_TOPIC, { symbol, price: (60_001 + i).toFixed(2), ts: Date.now(), change24h: null, stale: false, ageMs: 0, session: null });
  await arrived;
  latencies.push(performance.now() - sent);
}
latencies.sort((a, b) => a - b);
const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!.toFixed(1);
console.log(`alerts: tick → notification on stream.notifications with ${f0(ALERTS + PROBES)} active alerts: p50 ${at(50)} ms, p99 ${at(99)} ms (${PROBES} fires)`);
await stream.return?.();
await engine.stop();
await infra.close();
