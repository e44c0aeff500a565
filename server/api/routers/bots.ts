import 'server-only';
import { botIdInput, botLogInput, botLogPage, botPage, botView, createBotInput, deletedBotSchema, listBotsInput, updateBotInput } from '@/contracts/bots';
import { createTRPCRouter, protectedProcedure } from '@/server/api/trpc';
import { watchBot } from '@/server/services/bots/live/watch-bot';
import { createBot, deleteBot, listBotDecisions, listBots, ownBot, setBotStatus, toBotView, updateBot } from '@/server/services/bots/live/bots';

/** Live bots on the user's paper account; owner-only (another user's id is a 404). */
export const botsRouter = createTRPCRouter({
  create: protectedProcedure.input(createBotInput).output(botView).mutation(({ ctx, input }) => createBot(ctx.db, ctx.user.id, input)),
  list: protectedProcedure.input(listBotsInput).output(botPage).query(({ ctx, input }) => listBots(ctx.db, ctx.user.id, input)),
  get: protectedProcedure.input(botIdInput).output(botView).query(async ({ ctx, input }) => toBotView(await ownBot(ctx.db, ctx.user.id, input.id))),
  update: protectedProcedure
    .input(updateBotInput)
    .output(botView)
    .mutation(({ ctx, input }) => updateBot(ctx.db, ctx.user.id, input.id, { name: input.name, limits: input.limits })),
  delete: protectedProcedure.input(botIdInput).output(deletedBotSchema).mutation(({ ctx, input }) => deleteBot(ctx.db, ctx.user.id, input.id)),
  start: protectedProcedure.input(botIdInput).output(botView).mutation(({ ctx, input }) => setBotStatus(ctx.db, ctx.user.id, input.id, 'start', ctx.bus)),
  pause: protectedProcedure.input(botIdInput).output(botView).mutation(({ ctx, input }) => setBotStatus(ctx.db, ctx.user.id, input.id, 'pause', ctx.bus)),
  stop: protectedProcedure.input(botIdInput).output(botView).mutation(({ ctx, input }) => setBotStatus(ctx.db, ctx.user.id, input.id, 'stop', ctx.bus)),
  /** Status and decisions pushed live (SSE through tRPC's subscription link): a snapshot, then each change. */
  watch: protectedProcedure.input(botIdInput).subscription(async ({ ctx, input, signal }) => {
    // Checked before the stream starts, so a refusal is a proper NOT_FOUND rather than an error mid-stream.
    await ownBot(ctx.db, ctx.user.id, input.id);
    return watchBot({ db: ctx.db, bus: ctx.bus, ownerId: ctx.user.id, botId: input.id, signal });
  }),
  /** The decision log, newest first: signal, reason, and the order id or why it was refused. */
  log: protectedProcedure.input(botLogInput).output(botLogPage).query(({ ctx, input }) => listBotDecisions(ctx.db, ctx.user.id, input)),
});
