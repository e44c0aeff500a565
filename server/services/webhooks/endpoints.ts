import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Page } from '@/contracts/common';
import type { WebhookEventType } from '@/contracts/enums';
import type { z } from 'zod';
import type { deliverySchema, webhookSchema } from '@/contracts/webhooks';
import { webhookDeliveries, webhookEndpoints, type WebhookEndpoint } from '@/db/schema';
import { assertWithinPlan } from '@/server/services/plans/within-plan';
import { AppError } from '@/server/errors';
import type { Db } from '@/server/infra/db/types';
import { mapPage, paginate } from '@/server/services/pagination/paginate';
import { enqueueWebhookEvent } from './delivery';
import { assertPublicTarget } from './target-guard';

type WebhookView = z.infer<typeof webhookSchema>;
type DeliveryView = z.infer<typeof deliverySchema>;


const toView = (e: WebhookEndpoint): WebhookView => ({
  id: e.id,
  url: e.url,
  events: e.events,
  enabled: e.enabled,
  description: e.description,
  createdAt: e.createdAt,
  updatedAt: e.updatedAt,
});

/** A Standard Webhooks secret: `whsec_` and 24 random bytes in base64 (the signing key). */
const newSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

export async function createWebhook(
  db: Db,
  userId: string,
  input: { url: string; events: WebhookEventType[]; description: string },
  settings: { allowPrivate: boolean },
): Promise<WebhookView & { secret: string }> {
  await assertPublicTarget(input.url, settings.allowPrivate);
  // The plan's count and the insert in one transaction under the user's row lock: no overshoot at once.
  const row = await db.transaction(async (tx) => {
    await assertWithinPlan(tx, userId, 'webhooks');
    const [inserted] = await tx
      .insert(webhookEndpoints)
      .values({ userId, url: input.url, events: [...new Set(input.events)], description: input.description, secret: newSecret() })
      .returning();
    return inserted!;
  });
  return { ...toView(row), secret: row.secret };
}

async function own(db: Db, userId: string, id: string): Promise<WebhookEndpoint> {
  const [row] = await db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.userId, userId), eq(webhookEndpoints.id, id)));
  if (!row) throw new AppError('NOT_FOUND', 'Webhook not found');
  return row;
}

const NEWEST_FIRST = { list: 'webhooks', sort: 'createdAt', dir: 'desc', key: ['timestamptz', 'uuid'] } as const;

export async function listWebhooks(db: Db, userId: string, query: { limit: number; cursor?: string | null }): Promise<Page<WebhookView>> {
  const page = await paginate(
    query,
    NEWEST_FIRST,
    (after, take) =>
      db
        .select({ row: webhookEndpoints, key: sql<string>`${webhookEndpoints.createdAt}::text` })
        .from(webhookEndpoints)
        .where(
          and(
            eq(webhookEndpoints.userId, userId),
            after ? sql`(${webhookEndpoints.createdAt}, ${webhookEndpoints.id}) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : undefined,
          ),
        )
        .orderBy(sql`${webhookEndpoints.createdAt} desc, ${webhookEndpoints.id} desc`)
        .limit(take),
    (r) => [r.key, r.row.id],
  );
  return mapPage(page, (r) => toView(r.row));
}

export async function updateWebhook(
  db: Db,
  userId: string,
  input: { id: string; url?: string; events?: WebhookEventType[]; enabled?: boolean; description?: string },
  settings: { allowPrivate: boolean },
): Promise<WebhookView> {
  const current = await own(db, userId, input.id);
  if (input.url !== undefined) await assertPublicTarget(input.url, settings.allowPrivate);
  const changes = Object.fromEntries(
    Object.entries({ url: input.url, events: input.events && [...new Set(input.events)], enabled: input.enabled, description: input.description }).filter(([, v]) => v !== undefined),
  );
  if (Object.keys(changes).length === 0) return toView(current);
  const [row] = await db
    .update(webhookEndpoints)
    .set(changes)
    .where(and(eq(webhookEndpoints.userId, userId), eq(webhookEndpoints.id, input.id)))
    .returning();
  return toView(row!);
}

export async function deleteWebhook(db: Db, userId: string, id: string): Promise<{ id: string }> {
  const removed = await db
    .delete(webhookEndpoints)
    .where(and(eq(webhookEndpoints.userId, userId), eq(webhookEndpoints.id, id)))
    .returning({ id: webhookEndpoints.id });
  if (removed.length === 0) throw new AppError('NOT_FOUND', 'Webhook not found');
  return { id };
}

/** Queues a `webhook.test` message to this endpoint (even if its filter leaves tests out). */
export async function sendTestWebhook(db: Db, userId: string, id: string, now: Date): Promise<{ messageId: string }> {
  const endpoint = await own(db, userId, id);
  if (!endpoint.enabled) throw new AppError('CONFLICT', 'The webhook is disabled', { reason: 'WEBHOOK_DISABLED' });
  const [messageId] = await enqueueWebhookEvent(db, userId, 'webhook.test', { message: 'A test from PrimeTrade' }, now, { endpointId: id, anyEvent: true });
  return { messageId: messageId! };
}

const DELIVERIES_NEWEST_FIRST = { list: 'webhook-deliveries', sort: 'createdAt', dir: 'desc', key: ['timestamptz', 'uuid'] } as const;

/** The endpoint's delivery log (one row per attempt), newest first. */
export async function listDeliveries(db: Db, userId: string, query: { id: string; limit: number; cursor?: string | null }): Promise<Page<DeliveryView>> {
  await own(db, userId, query.id);
  const page = await paginate(
    query,
    DELIVERIES_NEWEST_FIRST,
    (after, take) =>
      db
        .select({ row: webhookDeliveries, key: sql<string>`${webhookDeliveries.createdAt}::text` })
        .from(webhookDeliveries)
        .where(
          and(
            eq(webhookDeliveries.endpointId, query.id),
            after ? sql`(${webhookDeliveries.createdAt}, ${webhookDeliveries.id}) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : undefined,
          ),
        )
        .orderBy(sql`${webhookDeliveries.createdAt} desc, ${webhookDeliveries.id} desc`)
        .limit(take),
    (r) => [r.key, r.row.id],
  );
  return mapPage(page, ({ row }) => ({
    id: row.id,
    messageId: row.messageId,
    eventType: row.eventType,
    attempt: row.attempt,
    status: row.status,
    statusCode: row.statusCode,
    latencyMs: row.latencyMs,
    error: row.error,
    createdAt: row.createdAt,
  }));
}
