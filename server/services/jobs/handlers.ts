import { BACKTEST_JOB_KIND } from '@/server/services/bots/backtest/job-kind';
import { backtestJobHandler } from '@/server/services/bots/backtest/run-job';
import { TASK_IMPORT_KIND } from '@/server/services/tasks/import/kind';
import { taskImportHandler } from '@/server/services/tasks/import/run-import';
import { webhookSettings } from '@/server/env';
import { getMailer } from '@/server/services/mail/default-mailer';
import { emailDeliveryHandler, EMAIL_DELIVERY_KIND } from '@/server/services/notifications/email-delivery';
import { webhookDeliveryHandler, WEBHOOK_DELIVERY_KIND } from '@/server/services/webhooks/delivery';
import type { JobHandler } from './job-run';

/** Every job kind this build can run. */
export const JOB_HANDLERS: Record<string, JobHandler> = {
  [TASK_IMPORT_KIND]: taskImportHandler,
  [BACKTEST_JOB_KIND]: backtestJobHandler,
  [WEBHOOK_DELIVERY_KIND]: webhookDeliveryHandler(webhookSettings),
  [EMAIL_DELIVERY_KIND]: emailDeliveryHandler(getMailer),
};
