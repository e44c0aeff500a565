import type { AlertFireView, AlertView } from '@/contracts/alerts';
import type { Alert, AlertFireRow } from '@/db/schema';
import { INTERVAL_MS } from '@/server/services/market/candle-buckets';
import type { AlertRule } from './alert-rule';

/** Tells every alert engine that an alert became active (with its rule) or left (paused, deleted…). */
export const ALERT_CHANGES_TOPIC = 'alerts.changes';
export type AlertChange = { op: 'upsert'; rule: AlertRule } | { op: 'remove'; id: string };

const num = (v: string | null) => (v === null ? null : Number(v));
const dec = (v: string | null) => (v === null ? null : v.includes('.') ? v.replace(/0+$/, '').replace(/\.$/, '') : v);

export function toAlertView(a: Alert): AlertView {
  return {
    id: a.id,
    symbol: a.symbol,
    condition: a.condition,
    value: dec(a.value),
    lower: dec(a.lower),
    upper: dec(a.upper),
    windowMinutes: a.windowMinutes,
    frequency: a.frequency,
    interval: a.barInterval,
    cooldownSeconds: a.cooldownSeconds,
    expiresAt: a.expiresAt,
    note: a.note,
    email: a.email,
    status: a.status,
    lastFiredAt: a.lastFiredAt,
    fireCount: a.fireCount,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}

export function toAlertFireView(f: AlertFireRow): AlertFireView {
  return { id: f.id, alertId: f.alertId, price: dec(f.price)!, previous: dec(f.previous), firedAt: f.firedAt };
}

/** The row as the evaluator judges it (numbers; see AlertRule for why doubles are exact enough here). */
export function toAlertRule(a: Alert): AlertRule {
  return {
    id: a.id,
    userId: a.userId,
    symbol: a.symbol,
    condition: a.condition,
    value: num(a.value),
    lower: num(a.lower),
    upper: num(a.upper),
    windowMinutes: a.windowMinutes,
    frequency: a.frequency,
    intervalMs: a.barInterval ? INTERVAL_MS[a.barInterval] : null,
    cooldownMs: a.cooldownSeconds * 1000,
    expiresAt: a.expiresAt?.getTime() ?? null,
    lastPrice: num(a.lastPrice),
    lastFiredAt: a.lastFiredAt?.getTime() ?? null,
  };
}

const WORDS: Record<Alert['condition'], string> = {
  crosses_above: 'crossed above',
  crosses_below: 'crossed below',
  crosses: 'crossed',
  above: 'is above',
  below: 'is below',
  moves_up_pct: 'rose',
  moves_down_pct: 'fell',
  enters_channel: 'entered',
  exits_channel: 'left',
};

/** "BTC crossed above 100", "ETH rose 5 % within 10 min", "SOL entered 90–110". */
export function describeAlert(a: Pick<AlertView, 'symbol' | 'condition' | 'value' | 'lower' | 'upper' | 'windowMinutes'>): string {
  const what = WORDS[a.condition];
  if (a.condition === 'moves_up_pct' || a.condition === 'moves_down_pct') return `${a.symbol} ${what} ${a.value} % within ${a.windowMinutes} min`;
  if (a.condition === 'enters_channel' || a.condition === 'exits_channel') return `${a.symbol} ${what} ${a.lower}–${a.upper}`;
  return `${a.symbol} ${what} ${a.value}`;
}
