import type { WebhookEventType } from '@/contracts/enums';
import type { NotificationKind } from '@/contracts/enums';

/** The Standard Webhooks `type` a notification is sent as; null for kinds no webhook hears (system). */
export function webhookEventOf(kind: NotificationKind, data: Record<string, unknown>): WebhookEventType | null {
  switch (kind) {
    case 'alert':
      return 'alert.triggered';
    case 'order':
      return data.status === 'rejected' ? 'order.rejected' : data.status === 'expired' ? 'order.expired' : 'order.filled';
    case 'task_reminder':
      return 'task.reminder';
    case 'bot':
      return 'bot.event';
    case 'system':
      return null;
  }
}
