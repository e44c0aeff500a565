import { and, count, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Page } from '@/contracts/common';
import type { NotificationKind } from '@/contracts/enums';
import type { NotificationView } from '@/contracts/notifications';
import { notifications, type Notification } from '@/db/schema';
import { AppError } from '@/server/errors';
import type { Bus } from '@/server/infra/bus/types';
import type { Db } from '@/server/infra/db/types';
import { logger } from '@/server/logger';
import { mapPage, paginate } from '@/server/services/pagination/paginate';
import { enqueueWebhookEvent } from '@/server/services/webhooks/delivery';
import { enqueueEmail } from './email-delivery';
import { webhookEventOf } from '@/server/services/webhooks/webhook-event';

/** Per-user topic: new notifications, for the owner's live stream (and its resume buffer). */
export const notificationTopic = (userId: string) => `notifications:${userId}`;

export type NotificationEvent = { type: 'notification'; notification: NotificationView };

export interface NewNotification {
  userId: string;
  kind: NotificationKind;
  title: string;
  body?: string;
  data?: Record<string, unknown>;
  /** Names the event told about; a second notification with the same key for the user is not written. */
  dedupeKey?: string;
  /** Also email it to the user (queued with the row). */
  email?: boolean;
}

export const toNotificationView = (n: Notification): NotificationView => ({
  id: n.id,
  kind: n.kind,
  title: n.title,
  body: n.body,
  data: n.data,
  createdAt: n.createdAt,
  readAt: n.readAt,
});

/**
 * Writes one notification and announces it on the owner's topic. Null when its dedupe key was already
 * used (the event was told before: a retry, a second engine).
 */
export async function createNotification(deps: { db: Db; bus: Bus }, input: NewNotification): Promise<NotificationView | null> {
  const view = await insertNotification(deps.db, input);
  if (view) await publishNotification(deps.bus, input.userId, view);
  return view;
}

/**
 * The row alone, for producers that write it inside their own transaction and publish after the commit.
 * The user's webhooks for its event (and its email, when asked) are queued with it, so every channel agrees.
 */
export async function insertNotification(db: Db, input: NewNotification): Promise<NotificationView | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(notifications)
      .values({ userId: input.userId, kind: input.kind, title: input.title, body: input.body ?? '', data: input.data ?? {}, dedupeKey: input.dedupeKey })
      .onConflictDoNothing()
      .returning();
    if (!row) return null;
    const view = toNotificationView(row);
    const event = webhookEventOf(row.kind, row.data);
    if (event) await enqueueWebhookEvent(tx, row.userId, event, { notificationId: view.id, title: view.title, body: view.body, ...view.data }, row.createdAt);
    if (input.email) await enqueueEmail(tx, row.userId, row.id);
    return view;
  });
}

/** Best effort: the row is the truth and the inbox shows it either way; a bus that fails is logged. */
export async function publishNotification(bus: Bus, userId: string, view: NotificationView): Promise<void> {
  try {
    await bus.publish(notificationTopic(userId), { type: 'notification', notification: view } satisfies NotificationEvent);
  } catch (error) {
    logger.warn({ err: error, userId }, 'notification not published');
  }
}

const NEWEST_FIRST = { list: 'notifications', sort: 'createdAt', dir: 'desc', key: ['timestamptz', 'uuid'] } as const;

/** The owner's notifications, newest first (optionally only unread ones). */
export async function listNotifications(
  db: Db,
  userId: string,
  query: { unreadOnly: boolean; limit: number; cursor?: string | null },
): Promise<Page<NotificationView>> {
  const page = await paginate(
    query,
    NEWEST_FIRST,
    (after, take) =>
      db
        .select({ row: notifications, key: sql<string>`${notifications.createdAt}::text` })
        .from(notifications)
        .where(
          and(
            eq(notifications.userId, userId),
            query.unreadOnly ? isNull(notifications.readAt) : undefined,
            after ? sql`(${notifications.createdAt}, ${notifications.id}) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : undefined,
          ),
        )
        .orderBy(sql`${notifications.createdAt} desc, ${notifications.id} desc`)
        .limit(take),
    (r) => [r.key, r.row.id],
  );
  return mapPage(page, (r) => toNotificationView(r.row));
}

export async function unreadCount(db: Db, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return row!.n;
}

/**
 * Marks the owner's notifications read: the named ones or all. Naming one that is not the caller's (or
 * does not exist) is NOT_FOUND and marks nothing, so nobody learns which ids exist.
 */
export async function markRead(
  db: Db,
  userId: string,
  input: { ids?: string[]; all?: true },
  now: Date,
): Promise<{ updated: number; unread: number }> {
  const ids = input.ids ? [...new Set(input.ids)] : null;
  const updated = await db.transaction(async (tx) => {
    if (ids) {
      const [owned] = await tx
        .select({ n: count() })
        .from(notifications)
        .where(and(eq(notifications.userId, userId), inArray(notifications.id, ids)));
      if (owned!.n !== ids.length) throw new AppError('NOT_FOUND', 'Notification not found');
    }
    const rows = await tx
      .update(notifications)
      .set({ readAt: now })
      .where(and(eq(notifications.userId, userId), isNull(notifications.readAt), ids ? inArray(notifications.id, ids) : undefined))
      .returning({ id: notifications.id });
    return rows.length;
  });
  return { updated, unread: await unreadCount(db, userId) };
}

export async function deleteNotification(db: Db, userId: string, id: string): Promise<{ id: string }> {
  const removed = await db
    .delete(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.id, id)))
    .returning({ id: notifications.id });
  if (removed.length === 0) throw new AppError('NOT_FOUND', 'Notification not found');
  return { id };
}
