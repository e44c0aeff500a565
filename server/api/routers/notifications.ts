import 'server-only';
import {
  deletedNotificationSchema,
  listNotificationsInput,
  markedReadSchema,
  markReadInput,
  notificationIdInput,
  notificationPage,
  unreadCountSchema,
} from '@/contracts/notifications';
import { createTRPCRouter, protectedProcedure } from '@/server/api/trpc';
import { deleteNotification, listNotifications, markRead, unreadCount } from '@/server/services/notifications/notifications';

/** The signed-in user's inbox. Every procedure works on the caller's own notifications; others' are 404. */
export const notificationsRouter = createTRPCRouter({
  list: protectedProcedure
    .input(listNotificationsInput)
    .output(notificationPage)
    .query(({ ctx, input }) => listNotifications(ctx.db, ctx.user.id, input)),

  unreadCount: protectedProcedure.output(unreadCountSchema).query(async ({ ctx }) => ({ unread: await unreadCount(ctx.db, ctx.user.id) })),

  markRead: protectedProcedure
    .input(markReadInput)
    .output(markedReadSchema)
    .mutation(({ ctx, input }) => markRead(ctx.db, ctx.user.id, input, new Date(ctx.clock()))),

  delete: protectedProcedure
    .input(notificationIdInput)
    .output(deletedNotificationSchema)
    .mutation(({ ctx, input }) => deleteNotification(ctx.db, ctx.user.id, input.id)),
});
