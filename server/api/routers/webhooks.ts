import 'server-only';
import {
  createdWebhookSchema,
  createWebhookInput,
  deletedWebhookSchema,
  deliveryPage,
  listDeliveriesInput,
  listWebhooksInput,
  testSentSchema,
  updateWebhookInput,
  webhookIdInput,
  webhookPage,
  webhookSchema,
} from '@/contracts/webhooks';
import { createTRPCRouter, protectedProcedure } from '@/server/api/trpc';
import { webhookSettings } from '@/server/env';
import { createWebhook, deleteWebhook, listDeliveries, listWebhooks, sendTestWebhook, updateWebhook } from '@/server/services/webhooks/endpoints';

/** The signed-in user's webhook endpoints and their delivery logs; another user's are 404. */
export const webhooksRouter = createTRPCRouter({
  list: protectedProcedure
    .input(listWebhooksInput)
    .output(webhookPage)
    .query(({ ctx, input }) => listWebhooks(ctx.db, ctx.user.id, input)),

  create: protectedProcedure
    .input(createWebhookInput)
    .output(createdWebhookSchema)
    .mutation(({ ctx, input }) => createWebhook(ctx.db, ctx.user.id, input, webhookSettings)),

  update: protectedProcedure
    .input(updateWebhookInput)
    .output(webhookSchema)
    .mutation(({ ctx, input }) => updateWebhook(ctx.db, ctx.user.id, input, webhookSettings)),

  delete: protectedProcedure
    .input(webhookIdInput)
    .output(deletedWebhookSchema)
    .mutation(({ ctx, input }) => deleteWebhook(ctx.db, ctx.user.id, input.id)),

  sendTest: protectedProcedure
    .input(webhookIdInput)
    .output(testSentSchema)
    .mutation(({ ctx, input }) => sendTestWebhook(ctx.db, ctx.user.id, input.id, new Date(ctx.clock()))),

  deliveries: protectedProcedure
    .input(listDeliveriesInput)
    .output(deliveryPage)
    .query(({ ctx, input }) => listDeliveries(ctx.db, ctx.user.id, input)),
});
