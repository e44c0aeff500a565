import 'server-only';
import { z } from 'zod';
import { userRole } from '@/db/schema';
import { adminProcedure, createTRPCRouter } from '@/server/api/trpc';
import { getPlatformStats } from '@/server/services/admin/platform-stats';
import { listAuditLog } from '@/server/services/audit/list';
import { marketCacheStats } from '@/server/services/market/cache-stats';
import { getPriceHub } from '@/server/services/market/price-hub';
import { haltSymbol, listActiveHalts, resumeSymbol } from '@/server/services/trading/halts';
import { listUsers, updateUser } from '@/server/services/users/admin';
import { auditListInput, haltInput, resumeInput } from './admin.schema';

const userId = z.uuid({ message: 'Not a user id' });

export const adminRouter = createTRPCRouter({
  users: createTRPCRouter({
    list: adminProcedure
      .input(
        z
          .object({
            limit: z.number().int().min(1).max(200).default(50),
            cursor: z.uuid().optional(),
            q: z.string().trim().max(100).optional(),
          })
          .default({ limit: 50 }),
      )
      .query(({ ctx, input }) => listUsers(ctx.db, input)),

    /** Role, disabled state or both, all or nothing (REST `PATCH /admin/users/{id}`). */
    update: adminProcedure
      .input(
        z
          .object({ userId, role: z.enum(userRole.enumValues).optional(), disabled: z.boolean().optional() })
          .refine((v) => v.role !== undefined || v.disabled !== undefined, { message: 'Give role, disabled, or both' }),
      )
      .mutation(({ ctx, input: { userId, ...change } }) => updateUser(ctx, ctx.user.id, userId, change)),

    setRole: adminProcedure
      .input(z.object({ userId, role: z.enum(userRole.enumValues) }))
      .mutation(({ ctx, input }) => updateUser(ctx, ctx.user.id, input.userId, { role: input.role })),

    setDisabled: adminProcedure
      .input(z.object({ userId, disabled: z.boolean() }))
      .mutation(({ ctx, input }) => updateUser(ctx, ctx.user.id, input.userId, { disabled: input.disabled })),
  }),

  /** Symbol halts: manual ones set here, and the circuit breaker's timed ones. Every change is audited. */
  halts: createTRPCRouter({
    list: adminProcedure.query(({ ctx }) => listActiveHalts(ctx.db, ctx.clock())),

    halt: adminProcedure
      .input(haltInput)
      .mutation(({ ctx, input }) => haltSymbol(ctx, ctx.user.id, input)),

    resume: adminProcedure
      .input(resumeInput)
      .mutation(({ ctx, input }) => resumeSymbol(ctx, ctx.user.id, input.symbol)),
  }),

  /** Who did what, newest first: role changes, disables, halts, account resets and kill switches. */
  audit: createTRPCRouter({
    list: adminProcedure.input(auditListInput).query(({ ctx, input }) => listAuditLog(ctx.db, input)),
  }),

  /** Platform figures: database counts plus this process's live connections and market cache ratio. */
  stats: adminProcedure.query(({ ctx }) =>
    getPlatformStats(ctx.db, ctx.clock(), { sseConnections: getPriceHub(ctx.bus).connections, marketCache: marketCacheStats }),
  ),
});
