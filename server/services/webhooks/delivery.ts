import { and, eq } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { z } from 'zod';
import type { WebhookEventType } from '@/contracts/enums';
import { webhookDeliveries, webhookEndpoints, type WebhookEndpoint } from '@/db/schema';
import type { NotificationView } from '@/contracts/notifications';
import type { Bus } from '@/server/infra/bus/types';
import type { Db } from '@/server/infra/db/types';
import { enqueueJob } from '@/server/services/jobs/enqueue';
import { insertNotification, publishNotification } from '@/server/services/notifications/notifications';
import type { JobHandler } from '@/server/services/jobs/job-run';
import { assertPublicTarget } from './target-guard';

export const WEBHOOK_DELIVERY_KIND = 'webhook-delivery';

/** A receiver that has not answered within this is a failed attempt. */
export const DELIVERY_TIMEOUT_MS = 5_000;

const deliveryPayload = z.object({
  endpointId: z.uuid(),
  messageId: z.string(),
  type: z.string(),
  /** The exact body: every attempt sends the same bytes under the same `webhook-id`. */
  body: z.string(),
  attempt: z.number().int().min(1),
});
type DeliveryPayload = z.infer<typeof deliveryPayload>;

const wants = (endpoint: WebhookEndpoint, type: WebhookEventType) => endpoint.events.length === 0 || endpoint.events.includes(type);

/**
 * Queues one message per enabled endpoint of the user that takes `type`. Pass the producer's transaction:
 * the event and its deliveries commit together (at-least-once from here on).
 */
export async function enqueueWebhookEvent(
  db: Db,
  userId: string,
  type: WebhookEventType,
  data: Record<string, unknown>,
  now: Date,
  target?: { endpointId: string; anyEvent: boolean },
): Promise<string[]> {
  const endpoints = await db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.userId, userId), eq(webhookEndpoints.enabled, true), target ? eq(webhookEndpoints.id, target.endpointId) : undefined));
  const ids: string[] = [];
  for (const endpoint of endpoints.filter((e) => target?.anyEvent || wants(e, type))) {
    const messageId = `msg_${crypto.randomUUID().replace(/-/g, '')}`;
    const body = JSON.stringify({ type, timestamp: now.toISOString(), data });
    await enqueueJob(db, {
      ownerId: userId,
      kind: WEBHOOK_DELIVERY_KIND,
      payload: { endpointId: endpoint.id, messageId, type, body, attempt: 1 } satisfies DeliveryPayload,
    });
    ids.push(messageId);
  }
  return ids;
}

export interface DeliverySettings {
  /** Before retry n (1-based), wait retryDelaysMs[n-1]; no entry left: the message is given up. */
  retryDelaysMs: number[];
  allowPrivate: boolean;
  timeoutMs?: number;
}

/** One attempt: signed POST, logged with status and latency; a failure queues the next attempt after its delay. */
async function attempt(db: Db, bus: Bus, payload: DeliveryPayload, settings: DeliverySettings): Promise<Record<string, unknown>> {
  const [endpoint] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, payload.endpointId));
  if (!endpoint || !endpoint.enabled) return { skipped: endpoint ? 'disabled' : 'deleted' };
  const started = performance.now();
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    await assertPublicTarget(endpoint.url, settings.allowPrivate);
    const sentAt = new Date();
    const signature = new Webhook(endpoint.secret).sign(payload.messageId, sentAt, payload.body);
    const response = await fetch(endpoint.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': payload.messageId,
        'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
        'webhook-signature': signature,
        'user-agent': 'PrimeTrade-Webhooks/1',
      },
      body: payload.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(settings.timeoutMs ?? DELIVERY_TIMEOUT_MS),
    });
    statusCode = response.status;
    await response.body?.cancel();
    if (statusCode < 200 || statusCode >= 300) error = `HTTP ${statusCode}`;
  } catch (caught) {
    error = caught instanceof Error && caught.name === 'TimeoutError' ? `No answer within ${(settings.timeoutMs ?? DELIVERY_TIMEOUT_MS) / 1000} s` : caught instanceof Error ? caught.message : String(caught);
  }
  const latencyMs = Math.round(performance.now() - started);
  const delay = settings.retryDelaysMs[payload.attempt - 1];
  const disabledNotice = await db.transaction(async (tx) => {
    await tx.insert(webhookDeliveries).values({
      endpointId: endpoint.id,
      messageId: payload.messageId,
      eventType: payload.type,
      attempt: payload.attempt,
      status: error ? 'failed' : 'succeeded',
      statusCode,
      latencyMs,
      error,
    });
    if (error && delay !== undefined) {
      await enqueueJob(tx, {
        ownerId: endpoint.userId,
        kind: WEBHOOK_DELIVERY_KIND,
        payload: { ...payload, attempt: payload.attempt + 1 } satisfies DeliveryPayload,
        runAfter: new Date(Date.now() + delay),
      });
    } else if (error && payload.type !== 'webhook.test') {
      return disableFailingEndpoint(tx, endpoint, error);
    }
    return null;
  });
  // The notice reaches the bell and the inbox live, like any other notification (after the commit).
  if (disabledNotice) await publishNotification(bus, endpoint.userId, disabledNotice);
  return { messageId: payload.messageId, attempt: payload.attempt, statusCode, error, retrying: Boolean(error && delay !== undefined) };
}

/**
 * A message that failed every retry (with the default delays, for most of a day): the endpoint is
 * disabled, so it stops collecting doomed messages, and its owner is told in the inbox. A test send that
 * fails disables nothing: its point is to show the failure.
 */
async function disableFailingEndpoint(tx: Db, endpoint: WebhookEndpoint, error: string): Promise<NotificationView | null> {
  await tx.update(webhookEndpoints).set({ enabled: false }).where(eq(webhookEndpoints.id, endpoint.id));
  return insertNotification(tx, {
    userId: endpoint.userId,
    kind: 'system',
    title: 'Webhook disabled',
    body: `${endpoint.url} failed every delivery attempt (last: ${error}). Fix it and enable it again in your webhook settings.`,
    data: { webhookId: endpoint.id, url: endpoint.url },
    dedupeKey: `webhook-disabled:${endpoint.id}:${endpoint.updatedAt.getTime()}`,
    email: true,
  });
}

/** The job handler: one job per attempt, so each retry waits on the queue (durable) rather than in memory. */
export function webhookDeliveryHandler(settings: DeliverySettings): JobHandler {
  return { run: (run) => attempt(run.db, run.bus, deliveryPayload.parse(run.job.payload), settings) };
}
