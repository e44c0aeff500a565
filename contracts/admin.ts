import { z } from 'zod';
import { auditActionSchema } from './audit';
import { idOf, pageInput, pageOf, symbolSchema, timestamp } from './common';
import { HALT_SOURCES, JOB_STATUSES, PLANS, USER_ROLES } from './enums';

// Users ---------------------------------------------------------------------------------------------------

export const listUsersInput = z
  .object({
    /** Part of an email or name; empty means everyone. */
    q: z.string().trim().max(100).optional(),
    ...pageInput(50, 200),
  })
  .default({ limit: 50 });

const userId = idOf('user');
const role = z.enum(USER_ROLES);

const plan = z.enum(PLANS);

/** Role, disabled state, plan, or several, all or nothing. */
export const updateUserInput = z
  .object({ userId, role: role.optional(), disabled: z.boolean().optional(), plan: plan.optional() })
  .refine((v) => v.role !== undefined || v.disabled !== undefined || v.plan !== undefined, {
    message: 'Give role, disabled, plan, or several',
  });
export const setRoleInput = z.object({ userId, role });
export const setDisabledInput = z.object({ userId, disabled: z.boolean() });

export const adminUserSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role,
  plan,
  disabledAt: timestamp.nullable(),
  createdAt: timestamp,
});
export const adminUserPage = pageOf(adminUserSchema);

// Halts ---------------------------------------------------------------------------------------------------

export const haltInput = z.object({
  symbol: symbolSchema,
  reason: z.string().trim().min(3).max(200),
  /** Omitted: the halt lasts until an admin resumes the symbol. */
  durationMinutes: z.number().int().min(1).max(7 * 24 * 60).optional(),
});
export const resumeInput = z.object({ symbol: symbolSchema });

export const haltSchema = z.object({
  symbol: z.string(),
  source: z.enum(HALT_SOURCES),
  reason: z.string(),
  haltedBy: z.uuid().nullable(),
  haltedAt: timestamp,
  /** Null: until an admin resumes the symbol. */
  until: timestamp.nullable(),
});
/** Active halts are bounded by the catalogue: one page holds them all (`nextCursor` is null). */
export const haltPage = pageOf(haltSchema);
export const resumedSchema = z.object({ symbol: z.string() });

// Audit log -----------------------------------------------------------------------------------------------

export const auditListInput = z
  .object({
    /** Exact action, e.g. `symbol.halt` (one of contracts/audit.ts's list). */
    action: auditActionSchema.optional(),
    /** A user id, or part of the actor's email. */
    actor: z.string().trim().min(1).max(200).optional(),
    ...pageInput(50, 200),
  })
  .default({ limit: 50 });
export type AuditListInput = z.infer<typeof auditListInput>;

export const auditEntrySchema = z.object({
  id: z.uuid(),
  action: auditActionSchema,
  targetType: z.string(),
  targetId: z.string(),
  details: z.record(z.string(), z.unknown()),
  createdAt: timestamp,
  /** Null for the system (e.g. the circuit breaker) or a deleted user. */
  actor: z.object({ id: z.uuid(), email: z.string(), name: z.string() }).nullable(),
});
export const auditPage = pageOf(auditEntrySchema);

// Platform figures ----------------------------------------------------------------------------------------

const count = z.number().int();
export const platformStatsSchema = z.object({
  users: z.object({ total: count, admins: count, disabled: count }),
  /** Since 00:00 UTC today. */
  orders: z.object({ today: count, open: count }),
  fills: z.object({ today: count }),
  tasks: z.object({ total: count, open: count }),
  jobs: z.object(Object.fromEntries(JOB_STATUSES.map((s) => [s, count])) as Record<(typeof JOB_STATUSES)[number], typeof count>),
  halts: z.object({ active: count, manual: count, circuitBreaker: count }),
  /** Live-price SSE connections held by the process that answered. */
  sseConnections: count,
  marketCache: z.object({ hits: count, misses: count, hitRatio: z.number().nullable() }),
  generatedAt: timestamp,
});
