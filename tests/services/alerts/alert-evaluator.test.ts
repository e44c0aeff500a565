import { describe, expect, it } from 'vitest';
import { AlertEvaluator } from '@/server/services/alerts/alert-evaluator';
import type { AlertRule } from '@/server/services/alerts/alert-rule';

const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);
const MIN = 60_000;
let next = 0;

function rule(over: Partial<AlertRule>): AlertRule {
  return {
    id: `a${++next}`,
    userId: 'u1',
    symbol: 'BTC',
    condition: 'crosses_above',
    value: 100,
    lower: null,
    upper: null,
    windowMinutes: null,
    frequency: 'every_time',
    intervalMs: null,
    cooldownMs: 0,
    expiresAt: null,
    lastPrice: null,
    lastFiredAt: null,
    ...over,
  };
}

/** Feeds prices one second apart (or at the given times) and answers, per tick, which alert ids fired. */
function feed(ev: AlertEvaluator, prices: (number | [number, number])[], symbol = 'BTC'): string[][] {
  return prices.map((p, i) => {
    const [price, ts] = Array.isArray(p) ? p : [p, T0 + i * 1000];
    return ev.onTick(symbol, price, ts).fired.map((f) => f.rule.id);
  });
}

function evaluatorWith(...rules: AlertRule[]) {
  const ev = new AlertEvaluator();
  for (const r of rules) ev.add(r);
  return ev;
}

describe('crossings', () => {
  it('crosses_above fires when a tick reaches the level from below, including a gap through it', () => {
    const up = rule({ condition: 'crosses_above', value: 100 });
    const ev = evaluatorWith(up);
    expect(feed(ev, [95, 99, 105, 110, 98, 101])).toEqual([[], [], [up.id], [], [], [up.id]]);
  });

  it('crosses_above: a tick exactly at the level completes the cross; leaving it upwards does not fire again', () => {
    const up = rule({ condition: 'crosses_above', value: 100 });
    const ev = evaluatorWith(up);
    expect(feed(ev, [99, 100, 101, 100, 101])).toEqual([[], [up.id], [], [], []]);
  });

  it('crosses_below mirrors it: gap through fires, at the level counts, starting at it does not', () => {
    const down = rule({ condition: 'crosses_below', value: 100 });
    const ev = evaluatorWith(down);
    expect(feed(ev, [105, 100, 99, 100, 99, 120, 80])).toEqual([[], [down.id], [], [], [], [], [down.id]]);
  });

  it('crosses fires in either direction, never on the first tick, nor when leaving a tick exactly at the level', () => {
    const both = rule({ condition: 'crosses', value: 100 });
    const ev = evaluatorWith(both);
    expect(feed(ev, [100, 90, 110, 110, 90])).toEqual([[], [], [both.id], [], [both.id]]);
  });

  it('only alerts whose levels lie between the two ticks are touched', () => {
    const levels = [90, 95, 100, 105, 110].map((value) => rule({ condition: 'crosses_above', value }));
    const ev = evaluatorWith(...levels);
    const fired = feed(ev, [92, 104]);
    expect(fired[1]!.sort()).toEqual([levels[1]!.id, levels[2]!.id].sort());
  });
});

describe('above and below', () => {
  it('are strict: a price equal to the level is neither above nor below', () => {
    const above = rule({ condition: 'above', value: 100 });
    const below = rule({ condition: 'below', value: 100 });
    const ev = evaluatorWith(above, below);
    expect(feed(ev, [100, 100.01, 100, 99.99])).toEqual([[], [above.id], [], [below.id]]);
  });

  it('hold on the very first tick (they need no previous price)', () => {
    const above = rule({ condition: 'above', value: 100, frequency: 'once' });
    expect(feed(evaluatorWith(above), [150])).toEqual([[above.id]]);
  });
});

describe('percentage moves', () => {
  it('moves_up_pct fires once the price is the given percent above the window low', () => {
    const up = rule({ condition: 'moves_up_pct', value: 5, windowMinutes: 10, frequency: 'once' });
    const ev = evaluatorWith(up);
    expect(feed(ev, [100, 98, 102, 102.89, 102.9])).toEqual([[], [], [], [], [up.id]]);
  });

  it('forgets prices older than the window', () => {
    const up = rule({ condition: 'moves_up_pct', value: 5, windowMinutes: 10, frequency: 'once' });
    const ev = evaluatorWith(up);
    // The low of 90 is 11 minutes old when 95 comes: against the 94 in the window it is only 1.06 %.
    expect(feed(ev, [[90, T0], [94, T0 + 5 * MIN], [95, T0 + 11 * MIN]])).toEqual([[], [], []]);
    expect(feed(ev, [[99, T0 + 12 * MIN]])).toEqual([[up.id]]);
  });

  it('moves_down_pct fires on a fall from the window high, exactly at the percentage too', () => {
    const down = rule({ condition: 'moves_down_pct', value: 10, windowMinutes: 60, frequency: 'once' });
    const ev = evaluatorWith(down);
    expect(feed(ev, [200, 190, 180])).toEqual([[], [], [down.id]]);
  });
});

describe('channels', () => {
  const channel = { lower: 100, upper: 110 };

  it('enters_channel fires on a tick inside (bounds included) after one outside, from either side', () => {
    const enters = rule({ condition: 'enters_channel', ...channel });
    const ev = evaluatorWith(enters);
    expect(feed(ev, [95, 100, 105, 115, 110, 120, 90])).toEqual([[], [enters.id], [], [], [enters.id], [], []]);
  });

  it('exits_channel fires on the first tick outside, through either bound', () => {
    const exits = rule({ condition: 'exits_channel', ...channel });
    const ev = evaluatorWith(exits);
    expect(feed(ev, [105, 110, 110.5, 100, 99.99])).toEqual([[], [], [exits.id], [], [exits.id]]);
  });

  it('a jump over the whole channel neither enters nor exits it', () => {
    const enters = rule({ condition: 'enters_channel', ...channel });
    const exits = rule({ condition: 'exits_channel', ...channel });
    expect(feed(evaluatorWith(enters, exits), [90, 120, 90])).toEqual([[], [], []]);
  });
});

describe('frequency', () => {
  it('once: fires a single time and leaves the evaluator', () => {
    const once = rule({ condition: 'crosses', value: 100, frequency: 'once' });
    const ev = evaluatorWith(once);
    const first = ev.onTick('BTC', 90, T0);
    expect(first.fired).toEqual([]);
    const fire = ev.onTick('BTC', 110, T0 + 1000).fired[0]!;
    expect(fire).toMatchObject({ price: 110, previous: 90, final: true, firedBefore: null });
    expect(ev.has(once.id)).toBe(false);
    expect(feed(ev, [90, 110])).toEqual([[], []]);
  });

  it('once_per_bar: at most one fire per bar of the interval', () => {
    const perBar = rule({ condition: 'above', value: 100, frequency: 'once_per_bar', intervalMs: 5 * MIN });
    const ev = evaluatorWith(perBar);
    const at = (m: number, s = 0) => T0 + m * MIN + s * 1000;
    expect(feed(ev, [[101, at(0)], [102, at(1)], [103, at(4, 59)], [104, at(5)], [99, at(10)], [105, at(10, 1)]])).toEqual([
      [perBar.id],
      [],
      [],
      [perBar.id],
      [],
      [perBar.id],
    ]);
  });

  it('every_time: fires on each match once the cooldown has passed, counted from the last fire', () => {
    const every = rule({ condition: 'crosses', value: 100, frequency: 'every_time', cooldownMs: 60_000 });
    const ev = evaluatorWith(every);
    const s = (sec: number) => T0 + sec * 1000;
    expect(feed(ev, [[90, s(0)], [110, s(1)], [90, s(30)], [110, s(60)], [90, s(61)]])).toEqual([[], [every.id], [], [], [every.id]]);
    const fire = ev.onTick('BTC', 110, s(200)).fired[0]!;
    expect(fire.firedBefore).toBe(s(61));
  });
});

describe('expiry', () => {
  it('an alert past its expiry leaves without firing, on a tick or on the timer', () => {
    const onTick = rule({ condition: 'above', value: 100, expiresAt: T0 + 5000 });
    const quiet = rule({ condition: 'crosses_above', value: 500, expiresAt: T0 + 5000 });
    const ev = evaluatorWith(onTick, quiet);
    expect(ev.onTick('BTC', 101, T0).fired.map((f) => f.rule.id)).toEqual([onTick.id]);
    const late = ev.onTick('BTC', 102, T0 + 5000);
    expect(late.fired).toEqual([]);
    expect(late.expired.map((r) => r.id)).toEqual([onTick.id]);
    expect(ev.expire(T0 + 4999)).toEqual([]);
    expect(ev.expire(T0 + 5000).map((r) => r.id)).toEqual([quiet.id]);
    expect(ev.size).toBe(0);
  });
});

describe('restart', () => {
  it('does not fire twice: a restored alert is judged against its stored last price and last fire', () => {
    const cross = rule({ condition: 'crosses_above', value: 100 });
    const above = rule({ condition: 'above', value: 100, frequency: 'once_per_bar', intervalMs: 60 * MIN });
    const before = evaluatorWith(cross, above);
    const fired = feed(before, [[95, T0], [101, T0 + 1000]]);
    expect(fired[1]!.sort()).toEqual([cross.id, above.id].sort());
    // What the engine stored on the rows: the last price and when each last fired.
    const stored = [cross, above].map((r) => ({ ...r, lastPrice: 101, lastFiredAt: T0 + 1000 }));

    const after = evaluatorWith(...stored.map((r) => ({ ...r })));
    expect(feed(after, [[102, T0 + 2000], [103, T0 + 3000]])).toEqual([[], []]);
  });

  it('still fires for a crossing that happened while it was down', () => {
    const cross = rule({ condition: 'crosses_above', value: 100, lastPrice: 95 });
    const ev = evaluatorWith(cross);
    expect(feed(ev, [105, 95, 105])).toEqual([[cross.id], [], [cross.id]]);
  });

  it('an alert created at a price is judged from that price even before the evaluator saw the symbol move', () => {
    const ev = new AlertEvaluator();
    feed(ev, [120]);
    ev.add(rule({ id: 'late', condition: 'crosses_below', value: 110, lastPrice: 120 }));
    expect(ev.onTick('BTC', 100, T0 + 5000).fired.map((f) => f.rule.id)).toEqual(['late']);
  });
});

describe('symbols', () => {
  it('a tick of one symbol never touches another symbol’s alerts', () => {
    const btc = rule({ condition: 'above', value: 100 });
    const eth = rule({ condition: 'above', value: 100, symbol: 'ETH' });
    const ev = evaluatorWith(btc, eth);
    expect(feed(ev, [200], 'ETH')).toEqual([[eth.id]]);
  });

  it('removal takes an alert out of every index', () => {
    const both = rule({ condition: 'crosses', value: 100 });
    const channel = rule({ condition: 'exits_channel', lower: 90, upper: 110 });
    const ev = evaluatorWith(both, channel);
    ev.remove(both.id);
    ev.remove(channel.id);
    expect(feed(ev, [95, 120, 80])).toEqual([[], [], []]);
  });
});
