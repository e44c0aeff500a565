import 'server-only';
import { z } from 'zod';
import { createTRPCRouter, protectedProcedure } from '@/server/api/trpc';
import { addToWatchlist, listWatchlist, removeFromWatchlist } from '@/server/services/watchlist/watchlist';
import { symbolSchema } from './market.schema';

const symbolInput = z.object({ symbol: symbolSchema });

/** The signed-in user's watchlist. Every procedure works on the caller's own list; no one names another's. */
export const watchlistRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => listWatchlist(ctx, ctx.user.id)),

  add: protectedProcedure.input(symbolInput).mutation(({ ctx, input }) => addToWatchlist(ctx.db, ctx.user.id, input.symbol)),

  remove: protectedProcedure.input(symbolInput).mutation(({ ctx, input }) => removeFromWatchlist(ctx.db, ctx.user.id, input.symbol)),
});
