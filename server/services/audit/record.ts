import { auditLog } from '@/db/schema';
import type { AuditAction } from '@/contracts/audit';
import type { Db } from '@/server/infra/db/types';

export interface AuditEntry {
  actorId: string | null;
  action: AuditAction;
  targetType: string;
  targetId: string;
  details?: Record<string, unknown>;
}

/** Appends to the audit log; pass the transaction when the audited change is made in one. */
export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({ ...entry, details: entry.details ?? {} });
}
