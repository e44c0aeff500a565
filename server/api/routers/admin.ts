import 'server-only';
import {
  adminUserPage,
  adminUserSchema,
  auditListInput,
  auditPage,
  haltInput,
  haltPage,
  haltSchema,
  listUsersInput,
  platformStatsSchema,
  resumedSchema,
  resumeInput,
  setDisabledInput,
  setRoleInput,
  updateUserInput,
} from '@/contracts/admin';
import { adminProcedure, createTRPCRouter } from '@/server/api/trpc';
import { securityPolicyInput, securityPolicySchema } from '@/contracts/security';
import { getSecurityPolicy, setRequireAdminTwoFactor } from '@/server/services/security/admin-policy';
import { getPlatformStats } from '@/server/services/admin/platform-stats';
import { listAuditLog } from '@/server/services/audit/list';
import { marketCacheStats } from '@/server/services/market/cache-stats';
import { getPriceHub } from '@/server/services/market/price-hub';
import { haltSymbol, listActiveHalts, resumeSymbol } from '@/server/services/trading/halts';
import { listUsers, updateUser } from '@/server/services/users/admin';

export const adminRouter = createTRPCRouter({
  /** Deployment-wide security switches: require two-factor sign-in for admins. */
  securityPolicy: createTRPCRouter({
    get: adminProcedure.output(securityPolicySchema).query(({ ctx }) => getSecurityPolicy(ctx)),
    set: adminProcedure
      .input(securityPolicyInput)
      .output(securityPolicySchema)
      .mutation(({ ctx, input }) => setRequireAdminTwoFactor(ctx, ctx.user.id, input.requireAdminTwoFactor)),
  }),

  users: createTRPCRouter({
    list: adminProcedure.input(listUsersInput).output(adminUserPage).query(({ ctx, input }) => listUsers(ctx.db, input)),

    /** Role, disabled state or both, all or nothing (REST `PATCH /admin/users/{userId}`). */
    update: adminProcedure
      .input(updateUserInput)
      .output(adminUserSchema)
      .mutation(({ ctx, input: { userId, ...change } }) => updateUser(ctx, ctx.user.id, userId, change)),

    setRole: adminProcedure
      .input(setRoleInput)
      .output(adminUserSchema)
      .mutation(({ ctx, input }) => updateUser(ctx, ctx.user.id, input.userId, { role: input.role })),

    setDisabled: adminProcedure
      .input(setDisabledInput)
      .output(adminUserSchema)
      .mutation(({ ctx, input }) => updateUser(ctx, ctx.user.id, input.userId, { disabled: input.disabled })),
  }),

  /** Symbol halts: manual ones set here, and the circuit breaker's timed ones. Every change is audited. */
  halts: createTRPCRouter({
    list: adminProcedure
      .output(haltPage)
      .query(async ({ ctx }) => ({ data: await listActiveHalts(ctx.db, ctx.clock()), nextCursor: null })),

    halt: adminProcedure
      .input(haltInput)
      .output(haltSchema)
      .mutation(({ ctx, input }) => haltSymbol(ctx, ctx.user.id, input)),

    resume: adminProcedure
      .input(resumeInput)
      .output(resumedSchema)
      .mutation(({ ctx, input }) => resumeSymbol(ctx, ctx.user.id, input.symbol)),
  }),

  /** Who did what, newest first: role changes, disables, halts, account resets and kill switches. */
  audit: createTRPCRouter({
    list: adminProcedure.input(auditListInput).output(auditPage).query(({ ctx, input }) => listAuditLog(ctx.db, input)),
  }),

  /** Platform figures: database counts plus this process's live connections and market cache ratio. */
  stats: adminProcedure
    .output(platformStatsSchema)
    .query(({ ctx }) =>
      getPlatformStats(ctx.db, ctx.clock(), { sseConnections: getPriceHub(ctx.bus).connections, marketCache: marketCacheStats }),
    ),
});
