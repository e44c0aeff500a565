import 'server-only';
import { tracked } from '@trpc/server';
import { notificationStreamInput } from '@/contracts/notifications';
import { createTRPCRouter, protectedProcedure } from '@/server/api/trpc';
import { notificationEvents } from '@/server/services/notifications/notification-stream';

/**
 * `stream.notifications`: the signed-in user's new notifications as SSE. Event ids are bus ids, so a
 * reconnect with Last-Event-ID (tRPC passes it as `lastEventId`) resumes without a gap.
 */
export const notificationStreamRouter = createTRPCRouter({
  notifications: protectedProcedure
    .input(notificationStreamInput)
    .subscription(async ({ ctx, input, signal }) => {
      // Subscribed before the stream starts, so a bus outage is a proper 503 rather than a stream that ends.
      const events = await notificationEvents(ctx.bus, ctx.user.id, input.lastEventId, signal);
      return (async function* () {
        for await (const item of events) yield tracked(item.id, item.event);
      })();
    }),
});
