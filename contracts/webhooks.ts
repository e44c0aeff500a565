import { z } from 'zod';
import { idOf, pageInput, pageOf, timestamp } from './common';
import { WEBHOOK_DELIVERY_STATUSES, WEBHOOK_EVENT_TYPES } from './enums';

const url = z
  .url({ message: 'Not a URL' })
  .max(2000, 'At most 2000 characters')
  .refine((u) => /^https?:\/\//i.test(u), 'Webhook URLs are http(s)');
const events = z.array(z.enum(WEBHOOK_EVENT_TYPES, { message: `Events are ${WEBHOOK_EVENT_TYPES.join(', ')}` })).max(WEBHOOK_EVENT_TYPES.length);
const description = z.string().trim().max(200, 'At most 200 characters');

/** `events` empty or left out: every event type. */
export const createWebhookInput = z.object({ url, events: events.default([]), description: description.default('') });
export const updateWebhookInput = z.object({ id: idOf('webhook'), url: url.optional(), events: events.optional(), enabled: z.boolean().optional(), description: description.optional() });
export const webhookIdInput = z.object({ id: idOf('webhook') });
export const listWebhooksInput = z.object({ ...pageInput(50, 100) }).default({ limit: 50 });
export const listDeliveriesInput = z.object({ id: idOf('webhook'), ...pageInput(50, 100) });

export const webhookSchema = z.object({
  id: z.uuid(),
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
  enabled: z.boolean(),
  description: z.string(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export const webhookPage = pageOf(webhookSchema);
/** The answer to create: the only time the signing secret (`whsec_…`) is shown. */
export const createdWebhookSchema = webhookSchema.extend({ secret: z.string() });
export const deletedWebhookSchema = z.object({ id: z.uuid() });
export const testSentSchema = z.object({ messageId: z.string() });

export const deliverySchema = z.object({
  id: z.uuid(),
  messageId: z.string(),
  eventType: z.string(),
  attempt: z.number().int(),
  status: z.enum(WEBHOOK_DELIVERY_STATUSES),
  statusCode: z.number().int().nullable(),
  latencyMs: z.number().int(),
  error: z.string().nullable(),
  createdAt: timestamp,
});
export const deliveryPage = pageOf(deliverySchema);
