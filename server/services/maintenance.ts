import type { Infra } from '@/server/infra/infra';
import { pruneTicks, TICK_RETENTION_MS } from './market/tick-store';
import { expireDayOrders } from './trading/engine/expire-day-orders';
import { snapshotOpenAccounts } from './trading/engine/scheduled-snapshots';

export interface MaintenanceReport {
  ticksPruned: number;
  dayOrdersExpired: number;
  equitySnapshots: number;
  ms: number;
}

/**
 * The scheduled work, as one idempotent pass: prune raw ticks past retention, expire day orders whose
 * session has ended, and add the current period's scheduled point to every open equity curve. The worker
 * does each on its own timers; on serverless hosting a cron calls this (`/api/cron/maintenance`). Running it
 * twice, or beside those timers, changes nothing more: every step re-checks state under the account lock,
 * and an account gets one scheduled snapshot per period however many passes run in it.
 */
export async function runMaintenance(
  infra: Pick<Infra, 'db' | 'cache' | 'bus' | 'clock'>,
  opts: { tickRetentionMs?: number } = {},
): Promise<MaintenanceReport> {
  const started = performance.now();
  const { clock } = infra;
  const deps = { db: infra.db, cache: infra.cache, bus: infra.bus, clock };
  const ticksPruned = await pruneTicks(infra.db, clock() - (opts.tickRetentionMs ?? TICK_RETENTION_MS));
  const dayOrdersExpired = await expireDayOrders(deps);
  const equitySnapshots = await snapshotOpenAccounts(deps);
  return { ticksPruned, dayOrdersExpired, equitySnapshots, ms: Math.round(performance.now() - started) };
}
