import 'server-only';
import { z } from 'zod';
import { userRole } from '@/db/schema';
import { adminProcedure, createTRPCRouter } from '@/server/api/trpc';
import { systemClock } from '@/server/services/trading/deps';
import { haltSymbol, listActiveHalts, resumeSymbol } from '@/server/services/trading/halts';
import { listUsers, setUserDisabled, setUserRole } from '@/server/services/users/admin';

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

    setRole: adminProcedure
      .input(z.object({ userId, role: z.enum(userRole.enumValues) }))
      .mutation(({ ctx, input }) => setUserRole(ctx, ctx.user.id, input.userId, input.role)),

    setDisabled: adminProcedure
      .input(z.object({ userId, disabled: z.boolean() }))
      .mutation(({ ctx, input }) => setUserDisabled(ctx, ctx.user.id, input.userId, input.disabled)),
  }),

  /** Symbol halts: manual ones set here, and the circuit breaker's timed ones. Every change is audited. */
  halts: createTRPCRouter({
    list: adminProcedure.query(({ ctx }) => listActiveHalts(ctx.db, systemClock())),

    halt: adminProcedure
      .input(
        z.object({
          symbol: z.string().trim().min(1).max(32),
          reason: z.string().trim().min(3).max(200),
          durationMinutes: z.number().int().min(1).max(7 * 24 * 60).optional(),
        }),
      )
      .mutation(({ ctx, input }) => haltSymbol({ ...ctx, clock: systemClock }, ctx.user.id, input)),

    resume: adminProcedure
      .input(z.object({ symbol: z.string().trim().min(1).max(32) }))
      .mutation(({ ctx, input }) => resumeSymbol({ ...ctx, clock: systemClock }, ctx.user.id, input.symbol)),
  }),
});
