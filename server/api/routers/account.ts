import 'server-only';
import {
  accountActivityInput,
  accountActivityListSchema,
  accountHistoryInput,
  accountHistorySchema,
  accountSummarySchema,
  killSwitchInput,
  resetAccountInput,
} from '@/contracts/account';
import { createTRPCRouter, protectedProcedure } from '@/server/api/trpc';
import { listAccountActivity } from '@/server/services/trading/account-activity';
import { getAccountHistory } from '@/server/services/trading/account-history';
import { getAccountSummary } from '@/server/services/trading/account-summary';
import { setKillSwitch } from '@/server/services/trading/kill-switch';
import { resetAccount } from '@/server/services/trading/reset-account';

/** The signed-in user's paper account: balances, reset, equity history and analytics, kill switch. */
export const accountRouter = createTRPCRouter({
  get: protectedProcedure.output(accountSummarySchema).query(({ ctx }) => getAccountSummary(ctx, ctx.user.id)),

  /** Destructive, so the client must send the word: a stray call cannot wipe an account. */
  reset: protectedProcedure
    .input(resetAccountInput)
    .output(accountSummarySchema)
    .mutation(({ ctx }) => resetAccount(ctx, ctx.user.id)),

  history: protectedProcedure
    .input(accountHistoryInput)
    .output(accountHistorySchema)
    .query(({ ctx, input }) => getAccountHistory(ctx, ctx.user.id, input)),

  /** Latest fills, rejections and expiries, newest first (the dashboard's notifications). */
  activity: protectedProcedure
    .input(accountActivityInput)
    .output(accountActivityListSchema)
    .query(({ ctx, input }) => listAccountActivity(ctx.db, ctx.user.id, input.limit)),

  setKillSwitch: protectedProcedure
    .input(killSwitchInput)
    .output(accountSummarySchema)
    .mutation(({ ctx, input }) => setKillSwitch(ctx, ctx.user.id, ctx.user.id, input.on)),
});
