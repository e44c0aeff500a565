import 'server-only';
import { tracked } from '@trpc/server';
import { accountStreamInput } from '@/contracts/account';
import { createTRPCRouter, protectedProcedure } from '@/server/api/trpc';
import { accountEvents } from '@/server/services/trading/account-stream';

/**
 * `stream.account`: the signed-in user's order updates and fills as SSE. Event ids are bus ids, so a
 * reconnect with Last-Event-ID (tRPC passes it as `lastEventId`) resumes without a gap.
 */
export const accountStreamRouter = createTRPCRouter({
  account: protectedProcedure
    .input(accountStreamInput)
    .subscription(async function* ({ ctx, input, signal }) {
      for await (const item of accountEvents(ctx, ctx.user.id, input.lastEventId, signal)) {
        yield tracked(item.id, item.event);
      }
    }),
});
