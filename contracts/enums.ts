/**
 * The value lists behind the database enums. `db/schema/*` builds its pgEnums from these tuples, so a
 * client (a form's select, a zod input) and a column can never disagree; this file imports nothing.
 */

export const USER_ROLES = ['user', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const API_KEY_SCOPES = ['read', 'trade', 'admin'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export const ASSET_KINDS = ['crypto', 'meme', 'equity'] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];

export const CANDLE_INTERVALS = ['1m', '5m', '1h', '1d'] as const;
export type CandleInterval = (typeof CANDLE_INTERVALS)[number];

export const TASK_STATUSES = ['todo', 'in_progress', 'done'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Declared low → high so ordering by the enum orders by urgency. */
export const TASK_PRIORITIES = ['low', 'medium', 'high'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'canceled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const ORDER_SIDES = ['buy', 'sell'] as const;
export type OrderSide = (typeof ORDER_SIDES)[number];

export const ORDER_TYPES = ['market', 'limit', 'stop', 'stop_limit'] as const;
export type OrderType = (typeof ORDER_TYPES)[number];
/** How people read an order type in messages and forms (`stop_limit` is the wire value, not a word). */
export const ORDER_TYPE_LABELS = { market: 'market', limit: 'limit', stop: 'stop', stop_limit: 'stop-limit' } as const satisfies Record<OrderType, string>;

export const TIME_IN_FORCE = ['gtc', 'day', 'ioc', 'fok'] as const;
export type TimeInForce = (typeof TIME_IN_FORCE)[number];
/**
 * Time in force when an order names none, the same on every door: market orders `ioc` (fill now as far as
 * liquidity allows, cancel the rest, never left working at an unknown price), the others `gtc`.
 */
export function defaultTimeInForce(type: OrderType): TimeInForce {
  return type === 'market' ? 'ioc' : 'gtc';
}

export const ORDER_STATUSES = ['new', 'partially_filled', 'filled', 'canceled', 'rejected', 'expired'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
/** The statuses of an order that can still fill, be canceled or expire: the engine's books hold these. */
export const OPEN_ORDER_STATUSES = ['new', 'partially_filled'] as const satisfies readonly OrderStatus[];
export const isOpenOrderStatus = (status: OrderStatus): boolean => (OPEN_ORDER_STATUSES as readonly OrderStatus[]).includes(status);

export const CASH_MOVEMENT_KINDS = ['deposit', 'reset', 'buy', 'sell', 'fee'] as const;
export type CashMovementKind = (typeof CASH_MOVEMENT_KINDS)[number];

export const HALT_SOURCES = ['manual', 'circuit_breaker'] as const;
export type HaltSource = (typeof HALT_SOURCES)[number];

export const PLANS = ['free', 'pro'] as const;
export type Plan = (typeof PLANS)[number];

/** How a session was opened: a browser cookie or an access token from `auth.token`. */
export const SESSION_KINDS = ['cookie', 'bearer'] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];
export const NOTIFICATION_KINDS = ['alert', 'order', 'task_reminder', 'bot', 'system'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const ALERT_CONDITIONS = [
  'crosses_above',
  'crosses_below',
  'crosses',
  'above',
  'below',
  'moves_up_pct',
  'moves_down_pct',
  'enters_channel',
  'exits_channel',
] as const;
export type AlertCondition = (typeof ALERT_CONDITIONS)[number];

export const ALERT_FREQUENCIES = ['once', 'once_per_bar', 'every_time'] as const;
export type AlertFrequency = (typeof ALERT_FREQUENCIES)[number];

export const ALERT_STATUSES = ['active', 'paused', 'triggered', 'expired'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** Event types a webhook endpoint can subscribe to (Standard Webhooks `type`). */
export const WEBHOOK_EVENT_TYPES = ['alert.triggered', 'order.filled', 'order.rejected', 'order.expired', 'task.reminder', 'bot.event', 'webhook.test'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const WEBHOOK_DELIVERY_STATUSES = ['succeeded', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];
