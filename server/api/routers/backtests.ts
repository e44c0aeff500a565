import 'server-only';
import { backtestIdInput, backtestInput, backtestPage, backtestStarted, backtestView, listBacktestsInput, sweepInput } from '@/contracts/bots';
import { createTRPCRouter, protectedProcedure } from '@/server/api/trpc';
import { cancelBacktest } from '@/server/services/bots/backtest/cancel';
import { getBacktest, listBacktests } from '@/server/services/bots/backtest/read';
import { startBacktest } from '@/server/services/bots/backtest/start-backtest';

export const backtestsRouter = createTRPCRouter({
  /** Queues a backtest; poll `get` (or watch the job) for progress and the result. */
  create: protectedProcedure
    .input(backtestInput)
    .output(backtestStarted)
    .mutation(({ ctx, input }) => startBacktest(ctx.db, ctx.bus, ctx.user.id, { ...input, kind: 'single' })),
  /** Queues a parameter sweep (≤ 100 combinations) as one job, ranked by `rankBy`. */
  sweep: protectedProcedure
    .input(sweepInput)
    .output(backtestStarted)
    .mutation(({ ctx, input }) => startBacktest(ctx.db, ctx.bus, ctx.user.id, { ...input, kind: 'sweep' })),
  get: protectedProcedure.input(backtestIdInput).output(backtestView).query(({ ctx, input }) => getBacktest(ctx.db, ctx.user.id, input.id)),
  list: protectedProcedure.input(listBacktestsInput).output(backtestPage).query(({ ctx, input }) => listBacktests(ctx.db, ctx.user.id, input)),
  cancel: protectedProcedure
    .input(backtestIdInput)
    .output(backtestView)
    .mutation(({ ctx, input }) => cancelBacktest(ctx.db, ctx.bus, ctx.user, input.id)),
});
