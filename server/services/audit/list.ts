import type { z } from 'zod';
import type { auditEntrySchema } from '@/contracts/admin';
import { and, desc, eq, ilike, sql } from 'drizzle-orm';
import type { AuditAction } from '@/contracts/audit';
import { auditLog, users } from '@/db/schema';
import type { Db } from '@/server/infra/db/types';
import type { Page } from '@/contracts/common';
import type { ListOrder } from '@/server/services/pagination/cursor';
import { mapPage, paginate } from '@/server/services/pagination/paginate';
import { containsPattern } from '@/server/infra/db/contains-pattern';

export interface AuditQuery {
  /** Exact action, e.g. `symbol.halt`. */
  action?: AuditAction;
  /** A user id (exact) or part of the actor's email. */
  actor?: string;
  cursor?: string | null;
  limit: number;
}

export type AuditRow = z.infer<typeof auditEntrySchema>;

/** Newest first; (created_at, id) breaks ties so entries written while paging never shift a page. */
const NEWEST_FIRST: ListOrder = { list: 'audit', sort: 'createdAt', dir: 'desc', key: ['timestamptz', 'uuid'] };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function listAuditLog(db: Db, query: AuditQuery): Promise<Page<AuditRow>> {
  const actor = query.actor?.trim();
  const page = await paginate(
    query,
    NEWEST_FIRST,
    (after, take) =>
      db
        .select({
          entry: auditLog,
          key: sql<string>`${auditLog.createdAt}::text`,
          actorEmail: users.email,
          actorName: users.name,
        })
        .from(auditLog)
        .leftJoin(users, eq(users.id, auditLog.actorId))
        .where(
          and(
            query.action ? eq(auditLog.action, query.action) : undefined,
            actor
              ? UUID.test(actor)
                ? eq(auditLog.actorId, actor)
                : ilike(users.email, containsPattern(actor))
              : undefined,
            after ? sql`(${auditLog.createdAt}, ${auditLog.id}) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : undefined,
          ),
        )
        .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
        .limit(take),
    (row) => [row.key, row.entry.id],
  );
  return mapPage(page, ({ entry, actorEmail, actorName }) => ({
    id: entry.id,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    details: entry.details,
    createdAt: entry.createdAt,
    actor: entry.actorId && actorEmail ? { id: entry.actorId, email: actorEmail, name: actorName ?? '' } : null,
  }));
}
