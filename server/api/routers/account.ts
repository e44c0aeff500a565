import 'server-only';
import { z } from 'zod';
import { createTRPCRouter, protectedProcedure } from '@/server/api/trpc';
import { listAccountActivity } from '@/server/services/trading/account-activity';
import { getAccountHistory } from '@/server/services/trading/account-history';
import { getAccountSummary } from '@/server/services/trading/account-summary';
import { setKillSwitch } from '@/server/services/trading/kill-switch';
import { resetAccount } from '@/server/services/trading/reset-account';
import { DATE_RANGE_MESSAGE, isStorableDate } from '@/server/validation';

/** The signed-in user's paper account: balances, reset, equity history and analytics, kill switch. */
export const accountRouter = createTRPCRouter({
  get: protectedProcedure.query(({ ctx }) => getAccountSummary(ctx, ctx.user.id)),

  /** Destructive, so the client must send the word: a stray call cannot wipe an account. */
  reset: protectedProcedure
    .input(z.object({ confirm: z.literal('RESET', { message: 'Send confirm: "RESET" to reset the account' }) }))
    .mutation(({ ctx }) => resetAccount(ctx, ctx.user.id)),

  history: protectedProcedure
    .input(z.object({ from: z.coerce.date().refine(isStorableDate, DATE_RANGE_MESSAGE).optional(), limit: z.number().int().min(2).max(5000).default(1000) }).default({ limit: 1000 }))
    .query(({ ctx, input }) => getAccountHistory(ctx, ctx.user.id, input)),

  /** Latest fills, rejections and expiries, newest first (the dashboard's notifications). */
  activity: protectedProcedure
    .input(z.object({ limit: z.number().int().min(1).max(50).default(10) }).default({ limit: 10 }))
    .query(({ ctx, input }) => listAccountActivity(ctx.db, ctx.user.id, input.limit)),

  setKillSwitch: protectedProcedure
    .input(z.object({ on: z.boolean() }))
    .mutation(({ ctx, input }) => setKillSwitch(ctx, ctx.user.id, ctx.user.id, input.on)),
});
