import { sql } from 'drizzle-orm';
import { OPEN_ORDER_STATUSES_SQL, type JobStatus } from '@/db/schema';
import type { CacheStats } from '@/server/infra/cache/types';
import { queryRows, type Db } from '@/server/infra/db/types';
import { cacheHitRatio } from '@/server/services/market/cache-stats';
import type { z } from 'zod';
import type { platformStatsSchema } from '@/contracts/admin';

/** Figures an admin watches. Counts come from the database; connections and cache figures from this process. */
export type PlatformStats = z.infer<typeof platformStatsSchema>;

export interface ProcessFigures {
  sseConnections: number;
  marketCache: CacheStats;
}

interface CountRow {
  users_total: number;
  users_admins: number;
  users_disabled: number;
  orders_today: number;
  orders_open: number;
  fills_today: number;
  tasks_total: number;
  tasks_open: number;
  halts_manual: number;
  halts_breaker: number;
}

const JOB_STATUSES: readonly JobStatus[] = ['queued', 'running', 'succeeded', 'failed', 'canceled'];

export function startOfUtcDay(now: number): Date {
  const d = new Date(now);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

/** One round trip for the counts (scalar subqueries), one for jobs by status. */
export async function getPlatformStats(db: Db, now: number, local: ProcessFigures): Promise<PlatformStats> {
  const dayStart = startOfUtcDay(now).toISOString();
  const at = new Date(now).toISOString();
  const [counts] = await queryRows<CountRow>(
    db,
    sql`select
      (select count(*)::int from users) as users_total,
      (select count(*)::int from users where role = 'admin') as users_admins,
      (select count(*)::int from users where disabled_at is not null) as users_disabled,
      (select count(*)::int from orders where created_at >= ${dayStart}::timestamptz) as orders_today,
      (select count(*)::int from orders where status in (${OPEN_ORDER_STATUSES_SQL})) as orders_open,
      (select count(*)::int from fills where created_at >= ${dayStart}::timestamptz) as fills_today,
      (select count(*)::int from tasks) as tasks_total,
      (select count(*)::int from tasks where status <> 'done') as tasks_open,
      (select count(*)::int from symbol_halts where source = 'manual' and (until is null or until > ${at}::timestamptz)) as halts_manual,
      (select count(*)::int from symbol_halts where source = 'circuit_breaker' and (until is null or until > ${at}::timestamptz)) as halts_breaker`,
  );
  const jobRows = await queryRows<{ status: JobStatus; n: number }>(db, sql`select status, count(*)::int as n from jobs group by status`);
  const jobs = Object.fromEntries(JOB_STATUSES.map((s) => [s, 0])) as Record<JobStatus, number>;
  for (const r of jobRows) jobs[r.status] = Number(r.n);
  const c = counts!;
  const { hits, misses } = local.marketCache;
  return {
    users: { total: c.users_total, admins: c.users_admins, disabled: c.users_disabled },
    orders: { today: c.orders_today, open: c.orders_open },
    fills: { today: c.fills_today },
    tasks: { total: c.tasks_total, open: c.tasks_open },
    jobs,
    halts: { active: c.halts_manual + c.halts_breaker, manual: c.halts_manual, circuitBreaker: c.halts_breaker },
    sseConnections: local.sseConnections,
    marketCache: { hits, misses, hitRatio: cacheHitRatio(local.marketCache) },
    generatedAt: new Date(now),
  };
}
