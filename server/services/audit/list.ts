import { and, desc, eq, ilike, sql } from 'drizzle-orm';
import type { AuditAction } from '@/contracts/audit';
import { auditLog, users } from '@/db/schema';
import type { Db } from '@/server/infra/db/types';
import { decodeCursor, encodeCursor } from '@/server/services/pagination/keyset-cursor';
import { containsPattern } from '@/server/infra/db/contains-pattern';

export interface AuditQuery {
  /** Exact action, e.g. `symbol.halt`. */
  action?: AuditAction;
  /** A user id (exact) or part of the actor's email. */
  actor?: string;
  cursor?: string | null;
  limit: number;
}

export interface AuditRow {
  id: string;
  action: string;
  targetType: string;
  targetId: string;
  details: Record<string, unknown>;
  createdAt: Date;
  /** Null for the system (e.g. the circuit breaker) or a deleted user. */
  actor: { id: string; email: string; name: string } | null;
}

const SORT = { sort: 'audit.createdAt', dir: 'desc' } as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Newest first, keyset-paged on (created_at, id) so entries written while paging never shift a page. */
export async function listAuditLog(db: Db, query: AuditQuery): Promise<{ data: AuditRow[]; nextCursor: string | null }> {
  const after = query.cursor ? decodeCursor(query.cursor, SORT, 'timestamptz') : null;
  const actor = query.actor?.trim();
  const rows = await db
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
        after ? sql`(${auditLog.createdAt}, ${auditLog.id}) < (${after.key}::timestamptz, ${after.id}::uuid)` : undefined,
      ),
    )
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: page.map(({ entry, actorEmail, actorName }) => ({
      id: entry.id,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      details: entry.details,
      createdAt: entry.createdAt,
      actor: entry.actorId && actorEmail ? { id: entry.actorId, email: actorEmail, name: actorName ?? '' } : null,
    })),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ ...SORT, key: last.key, id: last.entry.id }) : null,
  };
}
