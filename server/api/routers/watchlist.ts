import 'server-only';
import { watchlistAddedSchema, watchlistRemovedSchema, watchlistPage, watchlistSymbolInput } from '@/contracts/watchlist';
import { createTRPCRouter, protectedProcedure } from '@/server/api/trpc';
import { addToWatchlist, listWatchlist, removeFromWatchlist } from '@/server/services/watchlist/watchlist';

/** The signed-in user's watchlist. Every procedure works on the caller's own list; no one names another's. */
export const watchlistRouter = createTRPCRouter({
  list: protectedProcedure
    .output(watchlistPage)
    .query(async ({ ctx }) => ({ data: await listWatchlist(ctx, ctx.user.id), nextCursor: null })),

  add: protectedProcedure
    .input(watchlistSymbolInput)
    .output(watchlistAddedSchema)
    .mutation(({ ctx, input }) => addToWatchlist(ctx.db, ctx.user.id, input.symbol)),

  remove: protectedProcedure
    .input(watchlistSymbolInput)
    .output(watchlistRemovedSchema)
    .mutation(({ ctx, input }) => removeFromWatchlist(ctx.db, ctx.user.id, input.symbol)),
});
