import { and, eq, inArray, sql } from 'drizzle-orm';
import type { AlertFireView, AlertView, CreateAlertInput, UpdateAlertInput } from '@/contracts/alerts';
import type { Page } from '@/contracts/common';
import type { AlertStatus } from '@/contracts/enums';
import { alertFires, alerts, assets, type Alert } from '@/db/schema';
import { assertWithinPlan } from '@/server/services/plans/within-plan';
import { AppError } from '@/server/errors';
import type { Bus } from '@/server/infra/bus/types';
import type { Cache } from '@/server/infra/cache/types';
import type { Clock } from '@/server/infra/clock';
import type { Db } from '@/server/infra/db/types';
import { logger } from '@/server/logger';
import { getLatestTick } from '@/server/services/market/price-tick';
import { mapPage, paginate } from '@/server/services/pagination/paginate';
import { ALERT_CHANGES_TOPIC, toAlertFireView, toAlertRule, toAlertView, type AlertChange } from './alert-rows';

export interface AlertDeps {
  db: Db;
  cache: Cache;
  bus: Bus;
  clock: Clock;
}


const fieldError = (code: 'BAD_REQUEST' | 'NOT_FOUND', field: string, message: string, reason?: string) =>
  new AppError(code, message, { reason, details: { fieldErrors: { [field]: [message] } } });

function checkExpiry(expiresAt: Date | null | undefined, now: number) {
  if (expiresAt && expiresAt.getTime() <= now) throw fieldError('BAD_REQUEST', 'expiresAt', 'The expiry must be in the future');
}

/** Tells the engines; best effort (they also reload on start), so a failing bus is logged, not thrown. */
async function announce(bus: Bus, change: AlertChange): Promise<void> {
  try {
    await bus.publish(ALERT_CHANGES_TOPIC, change);
  } catch (error) {
    logger.warn({ err: error, change: change.op }, 'alert change not published');
  }
}

const changeOf = (alert: Alert): AlertChange => (alert.status === 'active' ? { op: 'upsert', rule: toAlertRule(alert) } : { op: 'remove', id: alert.id });

/** The latest price, stored as the alert's starting point: a cross between now and the engine's next tick counts. */
async function startingPrice(cache: Cache, symbol: string): Promise<string | null> {
  return (await getLatestTick(cache, symbol))?.price ?? null;
}

export async function createAlert(deps: AlertDeps, userId: string, input: CreateAlertInput): Promise<AlertView> {
  const [asset] = await deps.db.select({ symbol: assets.symbol }).from(assets).where(and(eq(assets.symbol, input.symbol), eq(assets.active, true)));
  if (!asset) throw fieldError('NOT_FOUND', 'symbol', `Unknown asset ${input.symbol}`, 'UNKNOWN_SYMBOL');
  checkExpiry(input.expiresAt, deps.clock());
  const channel = input.condition === 'enters_channel' || input.condition === 'exits_channel';
  const moves = input.condition === 'moves_up_pct' || input.condition === 'moves_down_pct';
  const lastPrice = await startingPrice(deps.cache, input.symbol);
  // The plan's count and the insert in one transaction under the user's row lock: no overshoot at once.
  const row = await deps.db.transaction(async (tx) => {
    await assertWithinPlan(tx, userId, 'alerts');
    const [inserted] = await tx
      .insert(alerts)
      .values({
      userId,
      symbol: input.symbol,
      condition: input.condition,
      value: channel ? null : input.value!,
      lower: channel ? input.lower! : null,
      upper: channel ? input.upper! : null,
      windowMinutes: moves ? input.windowMinutes! : null,
      frequency: input.frequency,
      barInterval: input.frequency === 'once_per_bar' ? input.interval! : null,
      cooldownSeconds: input.frequency === 'every_time' ? input.cooldownSeconds : 0,
      expiresAt: input.expiresAt ?? null,
      note: input.note,
      email: input.email,
      lastPrice,
    })
      .returning();
    return inserted!;
  });
  await announce(deps.bus, changeOf(row));
  return toAlertView(row);
}

const NEWEST_FIRST = { list: 'alerts', sort: 'createdAt', dir: 'desc', key: ['timestamptz', 'uuid'] } as const;

export async function listAlerts(
  db: Db,
  userId: string,
  query: { status?: AlertStatus; symbol?: string; limit: number; cursor?: string | null },
): Promise<Page<AlertView>> {
  const page = await paginate(
    query,
    NEWEST_FIRST,
    (after, take) =>
      db
        .select({ row: alerts, key: sql<string>`${alerts.createdAt}::text` })
        .from(alerts)
        .where(
          and(
            eq(alerts.userId, userId),
            query.status ? eq(alerts.status, query.status) : undefined,
            query.symbol ? eq(alerts.symbol, query.symbol) : undefined,
            after ? sql`(${alerts.createdAt}, ${alerts.id}) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : undefined,
          ),
        )
        .orderBy(sql`${alerts.createdAt} desc, ${alerts.id} desc`)
        .limit(take),
    (r) => [r.key, r.row.id],
  );
  return mapPage(page, (r) => toAlertView(r.row));
}

async function ownAlert(db: Db, userId: string, id: string): Promise<Alert> {
  const [row] = await db
    .select()
    .from(alerts)
    .where(and(eq(alerts.userId, userId), eq(alerts.id, id)));
  if (!row) throw new AppError('NOT_FOUND', 'Alert not found');
  return row;
}

const FIRES_NEWEST_FIRST = { list: 'alert-fires', sort: 'firedAt', dir: 'desc', key: ['timestamptz', 'uuid'] } as const;

/** One of the user's alerts' fires, newest first (another user's alert is 404). */
export async function listAlertFires(db: Db, userId: string, query: { id: string; limit: number; cursor?: string | null }): Promise<Page<AlertFireView>> {
  await ownAlert(db, userId, query.id);
  const page = await paginate(
    query,
    FIRES_NEWEST_FIRST,
    (after, take) =>
      db
        .select({ row: alertFires, key: sql<string>`${alertFires.firedAt}::text` })
        .from(alertFires)
        .where(
          and(
            eq(alertFires.alertId, query.id),
            after ? sql`(${alertFires.firedAt}, ${alertFires.id}) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : undefined,
          ),
        )
        .orderBy(sql`${alertFires.firedAt} desc, ${alertFires.id} desc`)
        .limit(take),
    (r) => [r.key, r.row.id],
  );
  return mapPage(page, (r) => toAlertFireView(r.row));
}

export async function getAlert(db: Db, userId: string, id: string): Promise<AlertView> {
  return toAlertView(await ownAlert(db, userId, id));
}

/**
 * Pauses or resumes an alert, or changes its note or expiry. Resuming (also a triggered or expired one)
 * re-arms it from the current price, so a cross that happened while it was off does not fire.
 */
export async function updateAlert(deps: AlertDeps, userId: string, input: UpdateAlertInput): Promise<AlertView> {
  const current = await ownAlert(deps.db, userId, input.id);
  const now = deps.clock();
  if (input.expiresAt !== undefined) checkExpiry(input.expiresAt, now);
  const expiresAt = input.expiresAt !== undefined ? input.expiresAt : current.expiresAt;
  const resuming = input.status === 'active' && current.status !== 'active';
  if (resuming && expiresAt && expiresAt.getTime() <= now) throw fieldError('BAD_REQUEST', 'expiresAt', 'The alert has expired: give a new expiry to resume it');
  const changes: Partial<Alert> = {
    ...(input.note !== undefined ? { note: input.note } : {}),
    ...(input.expiresAt !== undefined ? { expiresAt: input.expiresAt } : {}),
    ...(input.status === 'paused' && current.status === 'active' ? { status: 'paused' as const } : {}),
    ...(resuming
      ? {
          status: 'active' as const,
          lastPrice: await startingPrice(deps.cache, current.symbol),
          lastFiredAt: current.status === 'triggered' ? null : current.lastFiredAt,
        }
      : {}),
  };
  if (Object.keys(changes).length === 0) return toAlertView(current);
  const [row] = await deps.db
    .update(alerts)
    .set(changes)
    .where(and(eq(alerts.userId, userId), eq(alerts.id, input.id)))
    .returning();
  if (!row) throw new AppError('NOT_FOUND', 'Alert not found');
  await announce(deps.bus, changeOf(row));
  return toAlertView(row);
}

export async function deleteAlert(deps: Pick<AlertDeps, 'db' | 'bus'>, userId: string, id: string): Promise<{ id: string }> {
  const [row] = await deps.db
    .delete(alerts)
    .where(and(eq(alerts.userId, userId), eq(alerts.id, id)))
    .returning();
  if (!row) throw new AppError('NOT_FOUND', 'Alert not found');
  await announce(deps.bus, { op: 'remove', id });
  return { id };
}

/** The engine's bookkeeping: alerts it found past their expiry. */
export async function markExpired(db: Db, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(alerts)
    .set({ status: 'expired' })
    .where(and(inArray(alerts.id, ids), eq(alerts.status, 'active')));
}
