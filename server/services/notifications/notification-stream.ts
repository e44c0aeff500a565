import type { Bus } from '@/server/infra/bus/types';
import { openTopicEvents, type TopicStreamItem } from '@/server/services/live/topic-events';
import { notificationTopic, type NotificationEvent } from './notifications';

export type NotificationStreamItem = TopicStreamItem<NotificationEvent>;

/**
 * The owner's new notifications, live; the topic is the caller's own, so nobody can name someone else's.
 * Subscribed when the promise settles: a bus outage is refused before the stream starts (a 503).
 */
export function notificationEvents(
  bus: Bus,
  userId: string,
  lastEventId: string | null | undefined,
  signal: AbortSignal | undefined,
): Promise<AsyncGenerator<NotificationStreamItem>> {
  return openTopicEvents<NotificationEvent>(bus, notificationTopic(userId), lastEventId, signal);
}
