import 'server-only';
import { botIdInput, botLogInput, createBotInput, listBotsInput, updateBotInput } from '@/contracts/bots';
import type { BotLimits } from '@/db/schema';
import { createTRPCRouter, protectedProcedure } from '@/server/api/trpc';
import { createBot, deleteBot, listBotDecisions, listBots, ownBot, setBotStatus, toBotView, updateBot } from '@/server/services/bots/live/bots';

/** Live bots on the user's paper account; owner-only (another user's id is a 404). */
export const botsRouter = createTRPCRouter({
  create: protectedProcedure.input(createBotInput).mutation(({ ctx, input }) => createBot(ctx.db, ctx.user.id, input)),
  list: protectedProcedure.input(listBotsInput).query(({ ctx, input }) => listBots(ctx.db, ctx.user.id, input)),
  get: protectedProcedure.input(botIdInput).query(async ({ ctx, input }) => toBotView(await ownBot(ctx.db, ctx.user.id, input.id))),
  update: protectedProcedure
    .input(updateBotInput)
    .mutation(({ ctx, input }) => updateBot(ctx.db, ctx.user.id, input.id, { name: input.name, limits: input.limits as BotLimits | undefined })),
  delete: protectedProcedure.input(botIdInput).mutation(({ ctx, input }) => deleteBot(ctx.db, ctx.user.id, input.id)),
  start: protectedProcedure.input(botIdInput).mutation(({ ctx, input }) => setBotStatus(ctx.db, ctx.user.id, input.id, 'start')),
  pause: protectedProcedure.input(botIdInput).mutation(({ ctx, input }) => setBotStatus(ctx.db, ctx.user.id, input.id, 'pause')),
  stop: protectedProcedure.input(botIdInput).mutation(({ ctx, input }) => setBotStatus(ctx.db, ctx.user.id, input.id, 'stop')),
  /** The decision log, newest first: signal, reason, and the order id or why it was refused. */
  log: protectedProcedure.input(botLogInput).query(({ ctx, input }) => listBotDecisions(ctx.db, ctx.user.id, input)),
});
