import type { AlertCondition, AlertFrequency } from '@/contracts/enums';

/**
 * An active alert as the evaluator holds it. Levels and percentages are doubles: the evaluator only
 * compares them with prices parsed the same way (parsing a decimal string is monotonic, so equal decimals
 * compare equal and order is kept), and percentage moves are a threshold, not money.
 */
export interface AlertRule {
  id: string;
  userId: string;
  symbol: string;
  condition: AlertCondition;
  /** The level (crosses…, above, below) or the percentage (moves_…_pct). */
  value: number | null;
  lower: number | null;
  upper: number | null;
  windowMinutes: number | null;
  frequency: AlertFrequency;
  /** once_per_bar: the bar length; fires at most once per bar. */
  intervalMs: number | null;
  /** every_time: the least time between two fires. */
  cooldownMs: number;
  expiresAt: number | null;
  /** The last price this alert was judged against (persisted, so a restart judges the next tick against it). */
  lastPrice: number | null;
  lastFiredAt: number | null;
}

/** What a symbol's price did from the previous tick to this one, and how far it moved within each window. */
export interface TickMove {
  previous: number | null;
  price: number;
  ts: number;
  /** Percent rise of `price` over the window's lowest price, by window length in minutes. */
  risePct: (windowMinutes: number) => number;
  /** Percent fall of `price` under the window's highest price. */
  fallPct: (windowMinutes: number) => number;
}

const inChannel = (rule: AlertRule, price: number) => price >= rule.lower! && price <= rule.upper!;

/**
 * Whether the condition holds on this tick. Crossings are judged between consecutive ticks, so a gap through
 * a level counts. Exact equality: a tick exactly AT the level completes a cross (`prev < level <= price` for
 * crosses_above, `prev > level >= price` for crosses_below) and a tick that then leaves the level in the
 * direction it came from, or starts from it, does not cross again; `above`/`below` are strict (a price equal
 * to the level is neither); channel bounds are inclusive (a price at `lower` or `upper` is inside), and a jump
 * over the whole channel neither enters nor exits it (no tick was inside).
 */
export function conditionHolds(rule: AlertRule, move: TickMove): boolean {
  const { previous: prev, price } = move;
  const v = rule.value!;
  switch (rule.condition) {
    case 'crosses_above':
      return prev !== null && prev < v && price >= v;
    case 'crosses_below':
      return prev !== null && prev > v && price <= v;
    case 'crosses':
      return prev !== null && ((prev < v && price >= v) || (prev > v && price <= v));
    case 'above':
      return price > v;
    case 'below':
      return price < v;
    case 'moves_up_pct':
      return move.risePct(rule.windowMinutes!) >= v;
    case 'moves_down_pct':
      return move.fallPct(rule.windowMinutes!) >= v;
    case 'enters_channel':
      return prev !== null && !inChannel(rule, prev) && inChannel(rule, price);
    case 'exits_channel':
      return prev !== null && inChannel(rule, prev) && !inChannel(rule, price);
  }
}

/** Whether the frequency lets the alert fire at `ts`, given when it last fired. */
export function frequencyAllows(rule: AlertRule, ts: number): boolean {
  if (rule.lastFiredAt === null) return true;
  switch (rule.frequency) {
    case 'once':
      return false;
    case 'once_per_bar':
      return Math.floor(rule.lastFiredAt / rule.intervalMs!) !== Math.floor(ts / rule.intervalMs!);
    case 'every_time':
      return ts - rule.lastFiredAt >= rule.cooldownMs;
  }
}

/** Conditions judged against the previous tick: a rule restored with its own last price is judged alone once. */
export const dependsOnPrevious = (condition: AlertCondition) =>
  condition === 'crosses_above' || condition === 'crosses_below' || condition === 'crosses' || condition === 'enters_channel' || condition === 'exits_channel';
