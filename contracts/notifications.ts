import { z } from 'zod';
import { eventIdSchema, idOf, pageInput, pageOf, timestamp } from './common';
import { NOTIFICATION_KINDS } from './enums';

export const notificationSchema = z.object({
  id: z.uuid(),
  kind: z.enum(NOTIFICATION_KINDS),
  title: z.string(),
  body: z.string(),
  /** What the notification is about (an alert's id and price, an order's id and status…). */
  data: z.record(z.string(), z.unknown()),
  createdAt: timestamp,
  readAt: timestamp.nullable(),
});
export type NotificationView = z.infer<typeof notificationSchema>;

export const listNotificationsInput = z
  .object({ unreadOnly: z.boolean().default(false), ...pageInput(50, 100) })
  .default({ unreadOnly: false, limit: 50 });
export const notificationPage = pageOf(notificationSchema);

export const unreadCountSchema = z.object({ unread: z.number().int() });

/** Mark some (`ids`) or all (`all: true`) of one's notifications read. */
export const markReadInput = z
  .object({
    ids: z.array(idOf('notification')).min(1, 'Name at least one notification').max(100, 'At most 100 at a time').optional(),
    all: z.literal(true).optional(),
  })
  .refine((v) => (v.ids === undefined) !== (v.all === undefined), { message: 'Give either ids or all: true', path: ['ids'] });
export const markedReadSchema = z.object({ updated: z.number().int(), unread: z.number().int() });

export const notificationIdInput = z.object({ id: idOf('notification') });
export const deletedNotificationSchema = z.object({ id: z.uuid() });

export const notificationStreamInput = z.object({ lastEventId: eventIdSchema.nullish() }).default({});
