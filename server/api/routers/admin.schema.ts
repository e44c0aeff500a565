import { z } from 'zod';
import { auditActionSchema } from '@/contracts/audit';

export const auditListInput = z
  .object({
    /** Exact action, e.g. `symbol.halt`. */
    action: auditActionSchema.optional(),
    /** A user id, or part of the actor's email. */
    actor: z.string().trim().min(1).max(200).optional(),
    cursor: z.string().max(500).nullish(),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .default({ limit: 50 });
export type AuditListInput = z.infer<typeof auditListInput>;

export const haltInput = z.object({
  symbol: z.string().trim().min(1).max(32),
  reason: z.string().trim().min(3).max(200),
  /** Omitted: the halt lasts until an admin resumes the symbol. */
  durationMinutes: z.number().int().min(1).max(7 * 24 * 60).optional(),
});

export const resumeInput = z.object({ symbol: z.string().trim().min(1).max(32) });
